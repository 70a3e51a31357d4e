"""Run the GX suites in expectations/ on pandas frames read from DuckDB or parsed from a file.

GX Core 1.x cannot validate DuckDB through SQLAlchemy (metric queries fail upstream), so each
landed batch or mart is validated as a DataFrame. A suite file is a plain GX suite (name,
expectations with type/kwargs/meta). Each expectation's meta carries:
  - severity: `blocking` (the batch is rejected / the mart is not published) or `warning`;
  - rule: the short name the check is known by in Dagster and quality.validation_results;
  - frame: which frame of the batch it applies to (default `rows`), e.g. a force-quarter
    aggregate used for swing checks.
Suite parameters (`{"$PARAMETER": "name"}`) are filled at run time, e.g. the known force names
from the variants seed, so the suite files stay reviewable and free of copied reference data.
"""

from __future__ import annotations

import json
import logging
import os
import uuid
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from orchestration.config import get_settings
from orchestration.ingest.warehouse import utc_now

BLOCKING = "blocking"
WARNING = "warning"
SAMPLE_SIZE = 5

RESULTS_DDL = """
create table if not exists quality.validation_results (
    run_id varchar not null,
    checked_at timestamp not null,
    asset varchar not null,
    suite varchar not null,
    expectation varchar not null,
    severity varchar not null,
    success boolean not null,
    observed varchar,
    unexpected_count bigint
)
"""


@dataclass(frozen=True)
class CheckResult:
    suite: str
    rule: str
    expectation_type: str
    severity: str
    success: bool
    observed: str | None
    unexpected_count: int | None
    description: str
    first_at: str | None = None

    @property
    def blocks(self) -> bool:
        return self.severity == BLOCKING and not self.success

    def summary(self) -> str:
        details = []
        if self.unexpected_count:
            details.append(f"{self.unexpected_count} unexpected")
        if self.observed and self.observed != "null":
            details.append(f"e.g. {self.observed}")
        if self.first_at:
            details.append(f"first at {self.first_at}")
        return f"{self.rule}: {self.description}" + (f" ({'; '.join(details)})" if details else "")


def suite_path(suite_name: str) -> Path:
    return get_settings().expectations_dir / f"{suite_name}.json"


def load_suite(suite_name: str) -> dict[str, Any]:
    path = suite_path(suite_name)
    with path.open(encoding="utf-8") as handle:
        suite = json.load(handle)
    for expectation in suite["expectations"]:
        meta = expectation.setdefault("meta", {})
        if meta.get("severity") not in (BLOCKING, WARNING):
            raise ValueError(f"{path.name}: expectation {expectation['type']} has no severity")
        meta.setdefault("frame", "rows")
        meta.setdefault("rule", expectation["type"])
    return suite


def rules(suite_name: str) -> list[dict[str, Any]]:
    """The checks a suite declares, for Dagster asset check specs."""
    return [e["meta"] | {"type": e["type"]} for e in load_suite(suite_name)["expectations"]]


@lru_cache(maxsize=1)
def _context():
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
    logging.getLogger("great_expectations").setLevel(logging.ERROR)
    import great_expectations as gx
    from great_expectations.data_context.types.base import ProgressBarsConfig

    # GX sets levels on its own module loggers; quiet them all (e.g. "ephemeral docs site").
    for name in list(logging.root.manager.loggerDict):
        if name.startswith("great_expectations"):
            logging.getLogger(name).setLevel(logging.ERROR)

    # GX fingerprints every pandas batch (an md5 of pandas' hash of each row) when the frame
    # is under its HASH_THRESHOLD; the fingerprint only marks a batch for GX's stores, which an
    # ephemeral context never keeps. It cost 9 s of a national month of police.uk files.
    from great_expectations.execution_engine import pandas_execution_engine

    pandas_execution_engine.HASH_THRESHOLD = 0
    context = gx.get_context(mode="ephemeral")
    # GX draws a progress bar per validation; the CLI prints its own progress lines.
    context.variables.progress_bars = ProgressBarsConfig(globally=False)
    return gx, context, context.data_sources.add_pandas("ppf_frames")


_ASSETS: dict[str, Any] = {}
_POSITION = "_position"


def _batch(frame_name: str, frame: pd.DataFrame):
    """A GX batch of the frame; one dataframe asset per frame name serves every validation,
    so the context does not grow with the number of files or runs."""
    _, _, source = _context()
    if frame_name not in _ASSETS:
        asset = source.add_dataframe_asset(f"{frame_name}_{uuid.uuid4().hex[:8]}")
        _ASSETS[frame_name] = asset.add_batch_definition_whole_dataframe("all")
    return _ASSETS[frame_name].get_batch(batch_parameters={"dataframe": frame})


def validate_frame(
    suite_label: str,
    frame_name: str,
    frame: pd.DataFrame,
    expectations: list[dict[str, Any]],
    parameters: dict[str, Any] | None,
    result_format: dict[str, Any],
) -> list[Any]:
    """GX's result for each expectation (suite-file form: type, kwargs, meta) on one frame,
    in the order given (GX itself may return them in another order)."""
    gx, _, _ = _context()
    from great_expectations.expectations.expectation_configuration import (
        ExpectationConfiguration,
    )

    suite = gx.ExpectationSuite(name=suite_label)
    for position, spec in enumerate(expectations):
        config = ExpectationConfiguration(
            type=spec["type"], kwargs=spec["kwargs"], meta={**spec["meta"], _POSITION: position}
        )
        suite.add_expectation(config.to_domain_obj())
    validation = _batch(frame_name, frame).validate(
        suite, expectation_parameters=parameters or {}, result_format=result_format
    )
    return sorted(validation.results, key=lambda item: item.expectation_config.meta[_POSITION])


def observed_value(result: dict[str, Any]) -> str | None:
    if result.get("partial_missing_list"):
        missing = result["partial_missing_list"][:SAMPLE_SIZE]
        return "missing " + json.dumps(missing, default=str)
    if result.get("partial_unexpected_list"):
        sample = result["partial_unexpected_list"][:SAMPLE_SIZE]
        return json.dumps(sample, default=str)
    if result.get("observed_value") is not None:
        return json.dumps(result["observed_value"], default=str)[:500]
    return None


LOCATION_COLUMNS = ("_sheet", "_row_number")


def row_location(entry: Any, row_labels: tuple[str, ...]) -> str | None:
    """Where an unexpected row GX listed sits: sheet, row and the row's labels (force,
    period)."""
    if not isinstance(entry, dict) or entry.get("_row_number") is None:
        return None
    where = f"sheet {entry.get('_sheet')!r} row {entry['_row_number']}"
    labels = [f"{name} {entry[name]!r}" for name in row_labels if entry.get(name) is not None]
    return where + (f" ({', '.join(labels)})" if labels else "")


def _location(result: dict[str, Any], row_labels: tuple[str, ...]) -> str | None:
    """Where the first unexpected value sits."""
    return row_location(
        next(iter(result.get("partial_unexpected_index_list") or []), None), row_labels
    )


def run_suite(
    suite_name: str,
    frames: dict[str, pd.DataFrame],
    parameters: dict[str, Any] | None = None,
    row_labels: tuple[str, ...] = (),
) -> list[CheckResult]:
    """Validate each frame with the suite's expectations for it; one CheckResult per rule.

    On frames of file rows (with `_sheet` and `_row_number`), a failing value rule also
    reports where its first unexpected value is, with the `row_labels` columns of that row.
    """
    suite_spec = load_suite(suite_name)
    results: list[CheckResult] = []
    by_frame: dict[str, list[dict[str, Any]]] = {}
    for expectation in suite_spec["expectations"]:
        by_frame.setdefault(expectation["meta"]["frame"], []).append(expectation)
    for frame_name, expectations in by_frame.items():
        if frame_name not in frames:
            raise KeyError(f"suite {suite_name} needs frame '{frame_name}'")
        frame = frames[frame_name]
        result_format: dict[str, Any] = {
            "result_format": "SUMMARY",
            "partial_unexpected_count": SAMPLE_SIZE,
        }
        labels = tuple(c for c in row_labels if c in frame.columns)
        if all(c in frame.columns for c in LOCATION_COLUMNS):
            result_format["unexpected_index_column_names"] = [*LOCATION_COLUMNS, *labels]
        items = validate_frame(
            f"{suite_name}__{frame_name}", frame_name, frame, expectations, parameters,
            result_format,
        )  # fmt: skip
        for item in items:
            meta = item.expectation_config.meta or {}
            result = item.result or {}
            exception = (item.exception_info or {}).get("exception_message")
            results.append(
                CheckResult(
                    suite=suite_name,
                    rule=meta.get("rule", item.expectation_config.type),
                    expectation_type=item.expectation_config.type,
                    severity=meta.get("severity", BLOCKING),
                    success=bool(item.success),
                    observed=exception or observed_value(result),
                    unexpected_count=result.get("unexpected_count"),
                    description=meta.get("description", item.expectation_config.type),
                    first_at=None if item.success else _location(result, labels),
                )
            )
    return results


def record_results(
    con: duckdb.DuckDBPyConnection, asset: str, results: list[CheckResult], run_id: str
) -> None:
    con.execute(RESULTS_DDL)
    checked_at = utc_now()
    con.executemany(
        "insert into quality.validation_results values (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            [
                run_id,
                checked_at,
                asset,
                r.suite,
                r.rule,
                r.severity,
                r.success,
                r.observed,
                r.unexpected_count,
            ]
            for r in results
        ],
    )


def new_run_id() -> str:
    return os.environ.get("PPF_RUN_ID") or uuid.uuid4().hex[:12]
