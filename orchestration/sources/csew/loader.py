"""ONS Crime Survey for England and Wales (CSEW) tables (XLSX), national, annual.

Genuine layout (docs/sources/csew.md, partly verified from one real sheet): one table
per sheet named `Table S1` ... (older `.xls` supplementary tables; current editions `.xlsx`),
title rows above the header ("Table S1: ...", "England and Wales", "Adults aged 16 and over",
"Percentages"), a header row of period labels `Apr '03 to Mar '04` with footnote digits glued on
(`Apr '12 to Mar '131`), comparison columns headed "April 2025 to March 2026 compared with:"
holding significance markers (`*`), row labels, an "Unweighted base - number of adults" row,
then source and footnote rows. Workbooks also hold cover, contents and notes sheets.

The loader picks table sheets by name (`Table S1`, `Table 3a`, `S12`, `Table_S4`), finds the
header row by the period pattern and unpivots every table (orchestration.ingest.ons_tables)
into one row per (sheet, row, labelled column): table title, coverage, unit, section heading,
row label, column label and the cell, all text as published. Staging parses the period, the
estimate, the significance marker against one year earlier and the unweighted base.

Assumed where unverified (U), also stated in the staging sources YAML:
  * the comparison columns sit right of the period columns under one merged "... compared
    with:" heading whose second header row names the periods compared (one and ten years
    earlier); a comparison header that already names both periods in one cell also works;
  * a significance cell holds `*` (or Yes / "Statistically significant increase" ...) when
    the change is significant at 95% and is empty otherwise;
  * `[x]` marks an estimate not collected (e.g. the 2020/21 telephone survey) and `[u]` a
    low-reliability one; numbers are numeric cells;
  * an unweighted base row ends the block of estimates it belongs to (one or several per table);
  * the release date is stated on the cover sheet ("Release date: 29 October 2026"), ONS file
    names carrying an edition rather than a date.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pandas as pd

from orchestration.ingest.cells import map_distinct
from orchestration.ingest.errors import IngestError
from orchestration.ingest.ons_tables import (
    COMPARED_WITH,
    cells_frame,
    is_table_sheet,
    normalised,
    period_end_year,
    read_wide_table,
    with_stated_release,
)
from orchestration.ingest.source import ParsedFile, SourceSpec
from orchestration.ingest.tabular import parsed_file
from orchestration.ingest.workbook import read_workbook
from orchestration.reference import ForceResolver

SOURCE_ID = "csew"
BASE_ROW = re.compile(r"^unweighted base", re.IGNORECASE)


def parse(path: Path) -> ParsedFile:
    sheets = read_workbook(SOURCE_ID, path)
    tables = [name for name in sheets if is_table_sheet(name)]
    if not tables:
        raise IngestError(
            SOURCE_ID,
            path,
            f"no table sheets (expected names like 'Table S1' or 'Table 3a'); found {list(sheets)}",
        )
    frames = [cells_frame(read_wide_table(SOURCE_ID, path, s, sheets[s])) for s in tables]
    return with_stated_release(parsed_file(SOURCE_ID, path, frames, "the table sheets"), sheets)


def _comparison_years(label: str) -> tuple[int | None, int | None]:
    """(end year of the period compared, years between it and the reference period)."""
    parts = COMPARED_WITH.split(label, maxsplit=1)
    base = period_end_year(parts[0].strip().rstrip(":").strip())
    reference_text = parts[1].lstrip(": ").strip() if len(parts) > 1 else ""
    reference = period_end_year(reference_text)
    if base is not None and reference is not None:
        return base, base - reference
    lowered = reference_text.lower()
    if re.search(r"\b(one|1) year|previous year|year earlier", lowered):
        return base, 1
    if re.search(r"\b(ten|10) years", lowered):
        return base, 10
    return base, None


def quality_frames(parsed: ParsedFile, resolver: ForceResolver) -> dict[str, pd.DataFrame]:
    rows = parsed.frame.copy()
    rows["_is_comparison"] = rows["column_label"].map(lambda s: bool(COMPARED_WITH.search(s)))
    rows["_period_end_year"] = [
        _comparison_years(label)[0] if comparison else period_end_year(label)
        for label, comparison in zip(rows["column_label"], rows["_is_comparison"], strict=True)
    ]
    rows["_is_base_row"] = rows["row_label"].map(lambda s: bool(BASE_ROW.match(s.strip())))
    rows["_row_group_key"] = rows["row_group"].fillna("")
    rows["_unit"] = map_distinct(rows["unit_label"], normalised)

    periods = rows[~rows["_is_comparison"]]
    estimates = periods[~periods["_is_base_row"]].copy()
    numbers = pd.to_numeric(estimates["value"], errors="coerce")
    estimates["_number"] = numbers
    percentages = estimates[estimates["_unit"].str.startswith("percentage")].dropna(
        subset=["_number"]
    )
    bases = periods[periods["_is_base_row"]].copy()
    bases["_number"] = pd.to_numeric(bases["value"], errors="coerce")

    ordered = estimates.dropna(subset=["_number"]).sort_values(
        ["_sheet", "_row_group_key", "row_label", "_period_end_year"]
    )
    ordered = ordered[ordered["_unit"].str.startswith("percentage")]
    keys = ["_sheet", "_row_group_key", "row_label"]
    previous = ordered.groupby(keys)["_number"].shift(1)
    previous_year = ordered.groupby(keys)["_period_end_year"].shift(1)
    changes = ordered.assign(
        _change_pp=(ordered["_number"] - previous).where(
            ordered["_period_end_year"] - previous_year == 1
        )
    ).dropna(subset=["_change_pp"])

    comparisons = rows[rows["_is_comparison"]].copy()
    latest = periods.groupby("_sheet")["_period_end_year"].max()
    compared = comparisons.drop_duplicates(["_sheet", "column_label"])[
        ["_sheet", "column_label"]
    ].copy()
    years = map_distinct(compared["column_label"], _comparison_years)
    compared["_base_end_year"] = years.map(lambda t: t[0])
    compared["_years_apart"] = years.map(lambda t: t[1])
    compared["_base_is_latest"] = [
        base is not None and base == latest.get(sheet)
        for sheet, base in zip(compared["_sheet"], compared["_base_end_year"], strict=True)
    ]
    tables = (
        rows.groupby("_sheet", as_index=False)
        .agg(
            table_title=("table_title", "first"),
            coverage=("coverage", "first"),
            periods=("_period_end_year", "nunique"),
        )
        .assign(
            _coverage=lambda f: map_distinct(f["coverage"], normalised),
            _geography=lambda f: f["coverage"].map(lambda c: normalised((c or "").split(";")[0])),
        )
    )
    return {
        "rows": rows,
        "estimates": estimates,
        "percentages": percentages,
        "bases": bases,
        "changes": changes,
        "comparisons": comparisons,
        "comparison_columns": compared,
        "tables": tables,
    }


def quality_parameters(parsed: ParsedFile, resolver: ForceResolver) -> dict[str, Any]:
    # A table's geography (its first coverage row) is England and Wales, a force area, or one
    # of the two countries ONS also publishes alone.
    return {"known_geographies": sorted({*resolver.known_labels, "england", "wales"})}


SPEC = SourceSpec(
    source_id=SOURCE_ID,
    title="Crime Survey for England and Wales (CSEW) tables",
    publisher="Office for National Statistics",
    cadence="annual",
    file_patterns=("*.xlsx", "*.ods"),
    parse=parse,
    quality_frames=quality_frames,
    quality_parameters=quality_parameters,
    row_labels=("table_title", "row_label", "column_label"),
)
