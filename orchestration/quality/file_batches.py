"""Validate many landed files of one source in one GX run, with a verdict for each file.

GX's fixed cost is per validation and per expectation (building the metric graph), not per
row: validating 44 police.uk files one at a time costs 44 times what validating them together
does. So the files of one ingest are validated together, in batches, and each rule's result is
split back per file:

- Row rules (values in a set, patterns, nulls, ranges, column pairs, uniqueness) run once on
  the files' frames stacked with a `_file_key` column; the unexpected rows GX lists (result
  format COMPLETE, indexed by `_file_key`, sheet, row and the source's row labels) say which
  file each failure belongs to. Uniqueness is judged within each file: the rule's columns are
  prefixed with `_file_key` (a police.uk file re-issued in a later archive repeats its crime
  IDs, which is no duplicate).
- Table shape rules (`expect_table_columns_to_match_set`) read only the column names: files
  are grouped by their columns, and the rule runs once per group on an empty frame with them.
- Any other rule (e.g. distinct values to contain a set) is a property of one file's whole
  frame and runs file by file.

Files whose suite parameters differ are validated in different groups. The frames a file's
rules see are exactly those it would be validated with alone, so a file's verdict does not
depend on which files land beside it.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

import pandas as pd

from orchestration.quality.gx_runner import (
    BLOCKING,
    LOCATION_COLUMNS,
    SAMPLE_SIZE,
    CheckResult,
    load_suite,
    observed_value,
    row_location,
    validate_frame,
)

FILE_KEY = "_file_key"

ROW_RULES = frozenset(
    {
        "expect_column_values_to_not_be_null",
        "expect_column_values_to_be_null",
        "expect_column_values_to_match_regex",
        "expect_column_values_to_not_match_regex",
        "expect_column_values_to_be_in_set",
        "expect_column_values_to_not_be_in_set",
        "expect_column_values_to_be_between",
        "expect_column_pair_values_to_be_equal",
        "expect_column_pair_values_a_to_be_greater_than_b",
        "expect_column_values_to_be_unique",
        "expect_compound_columns_to_be_unique",
    }
)
SHAPE_RULES = frozenset({"expect_table_columns_to_match_set"})


@dataclass(frozen=True)
class FileFrames:
    """One file's frames to validate, keyed by a name unique within the batch."""

    key: str
    frames: dict[str, pd.DataFrame]
    parameters: dict[str, Any]


def _within_file(expectation: dict[str, Any]) -> dict[str, Any]:
    """A uniqueness rule judged within each file of a stacked frame."""
    kwargs = dict(expectation["kwargs"])
    if expectation["type"] == "expect_column_values_to_be_unique":
        # The single-column rule ignores missing values; so does this one.
        kwargs = {
            "column_list": [FILE_KEY, kwargs.pop("column")],
            "ignore_row_if": "any_value_is_missing",
            **kwargs,
        }
        return {**expectation, "type": "expect_compound_columns_to_be_unique", "kwargs": kwargs}
    if expectation["type"] == "expect_compound_columns_to_be_unique":
        kwargs["column_list"] = [FILE_KEY, *kwargs["column_list"]]
        return {**expectation, "kwargs": kwargs}
    return expectation


def _values(entry: dict[str, Any], kwargs: dict[str, Any]) -> Any:
    """The cells a rule found unexpected in one row listed by GX."""
    if "column" in kwargs:
        return entry.get(kwargs["column"])
    if "column_A" in kwargs:
        return [entry.get(kwargs["column_A"]), entry.get(kwargs["column_B"])]
    return {c: entry.get(c) for c in kwargs.get("column_list", []) if c != FILE_KEY}


def _result(
    suite_name: str, expectation: dict[str, Any], success: bool, **details: Any
) -> CheckResult:
    meta = expectation["meta"]
    return CheckResult(
        suite=suite_name,
        rule=meta.get("rule", expectation["type"]),
        expectation_type=expectation["type"],
        severity=meta.get("severity", BLOCKING),
        success=success,
        description=meta.get("description", expectation["type"]),
        observed=details.get("observed"),
        unexpected_count=details.get("unexpected_count"),
        first_at=details.get("first_at"),
    )


def _exception(item) -> str | None:
    return (item.exception_info or {}).get("exception_message")


def _row_verdicts(
    suite_name: str,
    expectations: list[dict[str, Any]],
    group: list[FileFrames],
    frame_name: str,
    labels_wanted: tuple[str, ...],
) -> dict[str, list[CheckResult]]:
    stacked = pd.concat(
        [f.frames[frame_name].assign(**{FILE_KEY: f.key}) for f in group], ignore_index=True
    )
    labels = tuple(c for c in labels_wanted if c in stacked.columns)
    index_columns = [FILE_KEY]
    if all(c in stacked.columns for c in LOCATION_COLUMNS):
        index_columns += [*LOCATION_COLUMNS, *labels]
    items = validate_frame(
        f"{suite_name}__{frame_name}",
        frame_name,
        stacked,
        [_within_file(e) for e in expectations],
        group[0].parameters,
        {"result_format": "COMPLETE", "unexpected_index_column_names": index_columns},
    )
    verdicts: dict[str, list[CheckResult]] = defaultdict(list)
    for expectation, item in zip(expectations, items, strict=True):
        problem = _exception(item)
        by_file: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for entry in (item.result or {}).get("unexpected_index_list") or []:
            by_file[entry[FILE_KEY]].append(entry)
        for file in group:
            if problem:
                verdicts[file.key].append(_result(suite_name, expectation, False, observed=problem))
                continue
            rows = by_file.get(file.key, [])
            sample = [_values(e, expectation["kwargs"]) for e in rows[:SAMPLE_SIZE]]
            verdicts[file.key].append(
                _result(
                    suite_name,
                    expectation,
                    not rows,
                    observed=json.dumps(sample, default=str) if rows else None,
                    unexpected_count=len(rows),
                    first_at=row_location(rows[0], labels) if rows else None,
                )
            )
    return verdicts


def _whole_frame_verdicts(
    suite_name: str, expectations: list[dict[str, Any]], frame: pd.DataFrame, file: FileFrames
) -> list[CheckResult]:
    items = validate_frame(
        f"{suite_name}__whole", "whole", frame, expectations, file.parameters,
        {"result_format": "SUMMARY", "partial_unexpected_count": SAMPLE_SIZE},
    )  # fmt: skip
    return [
        _result(
            suite_name,
            expectation,
            bool(item.success),
            observed=_exception(item) or observed_value(item.result or {}),
            unexpected_count=(item.result or {}).get("unexpected_count"),
        )
        for expectation, item in zip(expectations, items, strict=True)
    ]


def _groups(files: list[FileFrames]) -> list[list[FileFrames]]:
    """Files with the same frames, columns and suite parameters, in landing order."""
    groups: dict[str, list[FileFrames]] = {}
    for file in files:
        shape = sorted((name, list(map(str, frame.columns))) for name, frame in file.frames.items())
        key = json.dumps([shape, file.parameters], sort_keys=True, default=str)
        groups.setdefault(key, []).append(file)
    return list(groups.values())


def validate_files(
    suite_name: str, files: list[FileFrames], row_labels: tuple[str, ...] = ()
) -> dict[str, list[CheckResult]]:
    """Each file's CheckResults, one per rule of the suite, in the suite's order by frame."""
    suite = load_suite(suite_name)
    by_frame: dict[str, list[tuple[int, dict[str, Any]]]] = {}
    for position, expectation in enumerate(suite["expectations"]):
        by_frame.setdefault(expectation["meta"]["frame"], []).append((position, expectation))
    verdicts: dict[str, dict[int, CheckResult]] = {f.key: {} for f in files}
    for group in _groups(files):
        for frame_name, numbered in by_frame.items():
            missing = [f.key for f in group if frame_name not in f.frames]
            if missing:
                raise KeyError(f"suite {suite_name} needs frame '{frame_name}'")
            row = [(p, e) for p, e in numbered if e["type"] in ROW_RULES]
            shape = [(p, e) for p, e in numbered if e["type"] in SHAPE_RULES]
            whole = [(p, e) for p, e in numbered if e["type"] not in ROW_RULES | SHAPE_RULES]
            if row:
                found = _row_verdicts(
                    suite_name, [e for _, e in row], group, frame_name, row_labels
                )
                for file in group:
                    for (position, _), result in zip(row, found[file.key], strict=True):
                        verdicts[file.key][position] = result
            if shape:
                columns_only = group[0].frames[frame_name].iloc[:0]
                found_shape = _whole_frame_verdicts(
                    suite_name, [e for _, e in shape], columns_only, group[0]
                )
                for file in group:
                    for (position, _), result in zip(shape, found_shape, strict=True):
                        verdicts[file.key][position] = result
            for file in group if whole else []:
                found_whole = _whole_frame_verdicts(
                    suite_name, [e for _, e in whole], file.frames[frame_name], file
                )
                for (position, _), result in zip(whole, found_whole, strict=True):
                    verdicts[file.key][position] = result
    order = [p for numbered in by_frame.values() for p, _ in numbered]
    return {key: [results[p] for p in order] for key, results in verdicts.items()}
