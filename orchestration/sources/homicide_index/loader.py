"""Home Office Homicide Index, ONS appendix tables "Homicide in England and Wales" (XLSX), annual.

Genuine facts (docs/sources/homicide_index.md, status P): published each February for the year
ending the previous March (YE March 2025 released February 2026) by ONS from the Home Office
Homicide Index; counts are "currently recorded" and revised as cases progress, so each release
states the date the data were extracted; years are the year the offence was first recorded as
homicide; victims, offences and incidents differ; wide tables (one column per year); older
tables spell forces "Dyfed Powys", "London: City of London" and "Metropolitan".

The loader reads every table sheet (`Table 1`, `Table 2a`, `Table_5`) with the ONS wide-table
reader (orchestration.ingest.ons_tables): title rows, a header row of period labels (`Year
ending March 2019`, `Apr '18 to Mar '19`, footnote digits glued on), the row-label column, section
headings, then notes. One raw row per (table, row, period) cell, every label kept as published,
plus the extraction date the cover sheet states. Force rows (tables whose label column is headed
"Police force area") resolve through the force variants seed like every other source.

Assumed where unverified (U), also stated in the staging sources YAML:
  * tables are wide with periods as columns and categories as rows (sex, method of killing,
    drug-related status, police force area), a "Total" row closing a category list and an
    "England and Wales" row in the force table;
  * cells hold whole numbers of victims (or offences, when the row says so), `[x]` for not
    available and `-` for nil as in older tables;
  * the cover sheet states "Release date: <date>" and that the data were extracted from the
    Homicide Index on / as at a date.
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
    EXTRACT_CUE,
    cells_frame,
    is_table_sheet,
    normalised,
    period_end_year,
    read_wide_table,
    stated_date,
    with_stated_release,
)
from orchestration.ingest.source import ParsedFile, SourceSpec
from orchestration.ingest.tabular import parsed_file
from orchestration.ingest.workbook import read_workbook
from orchestration.reference import ForceResolver

SOURCE_ID = "homicide_index"
# Header of the label column that makes a table a table of police force areas.
FORCE_TABLE_HEADERS = frozenset(
    {"police force area", "police force", "force", "force area", "police force area name"}
)
# Row labels that close a list of categories (the parts above them add up to it).
TOTAL_LABELS = frozenset(
    {"total", "all", "all victims", "all homicide victims", "all homicides", "all methods",
     "england and wales"}
)  # fmt: skip
_FOOTNOTE = re.compile(r"(?<=[A-Za-z\)])\d+$")


def clean_label(text: str | None) -> str:
    """Normalised label without footnote digits glued to its end ("Sharp instrument2")."""
    return normalised(_FOOTNOTE.sub("", (text or "").strip()))


def parse(path: Path) -> ParsedFile:
    sheets = read_workbook(SOURCE_ID, path)
    tables = [name for name in sheets if is_table_sheet(name)]
    if not tables:
        raise IngestError(
            SOURCE_ID,
            path,
            f"no table sheets (expected names like 'Table 1' or 'Table_5'); found {list(sheets)}",
        )
    extracted = stated_date(sheets, EXTRACT_CUE)
    extraction = extracted.isoformat() if extracted else None
    frames = [
        cells_frame(read_wide_table(SOURCE_ID, path, s, sheets[s]), extraction_date=extraction)
        for s in tables
    ]
    return with_stated_release(parsed_file(SOURCE_ID, path, frames, "the table sheets"), sheets)


def quality_frames(parsed: ParsedFile, resolver: ForceResolver) -> dict[str, pd.DataFrame]:
    rows = parsed.frame.copy()
    rows["_is_comparison"] = rows["column_label"].map(lambda s: bool(COMPARED_WITH.search(s)))
    rows = rows[~rows["_is_comparison"]].copy()
    rows["_period_end_year"] = map_distinct(rows["column_label"], period_end_year)
    rows["_row_group_key"] = rows["row_group"].fillna("")
    rows["_label"] = map_distinct(rows["row_label"], clean_label)
    rows["_is_total"] = rows["_label"].isin(TOTAL_LABELS)
    rows["_is_force_table"] = map_distinct(rows["label_header"], normalised).isin(
        FORCE_TABLE_HEADERS
    )
    rows["_unit"] = map_distinct(rows["unit_label"], normalised)
    rows["_number"] = pd.to_numeric(rows["value"], errors="coerce")

    counts = rows[~rows["_unit"].str.contains("rate|per cent|percent|proportion", regex=True)]
    forces = rows[rows["_is_force_table"]].copy()
    forces["_force_label"] = forces["row_label"].map(lambda s: normalised(_FOOTNOTE.sub("", s)))
    forces["_force_code"] = forces["row_label"].map(
        lambda s: resolver.force_code(_FOOTNOTE.sub("", s))
    )

    # A force table's regional headings do not split its list: the England and Wales row
    # totals every force in it.
    counts = counts.assign(
        _total_group=counts["_row_group_key"].where(~counts["_is_force_table"], "")
    )
    keys = ["_sheet", "_total_group", "column_label", "_period_end_year"]
    totals = (
        counts[counts["_is_total"]]
        .groupby(keys, as_index=False)["_number"]
        .sum(min_count=1)
        .rename(columns={"_number": "total"})
    )
    parts = (
        counts[~counts["_is_total"]]
        .assign(_marker=lambda f: f["_number"].isna())
        .groupby(keys, as_index=False)
        .agg(parts_sum=("_number", "sum"), marked_parts=("_marker", "sum"))
    )
    totals = totals.merge(parts, on=keys, how="inner").dropna(subset=["total"])
    complete = totals[totals["marked_parts"] == 0]
    ordered = totals.sort_values(["_sheet", "_total_group", "_period_end_year"])
    previous = ordered.groupby(["_sheet", "_total_group"])["total"].shift(1)
    ordered = ordered.assign(year_on_year_ratio=(ordered["total"] / previous).where(previous > 0))
    force_years = (
        forces.dropna(subset=["_force_code"])
        .groupby(["_sheet", "column_label"], as_index=False)["_force_code"]
        .nunique()
        .rename(columns={"_force_code": "forces_reporting"})
    )
    release = pd.DataFrame({"extraction_date": [rows["extraction_date"].iloc[0]]})
    return {
        "rows": rows,
        "counts": counts,
        "forces": forces,
        "totals": totals,
        "complete_totals": complete,
        "swings": ordered,
        "force_years": force_years,
        "file": release,
    }


def quality_parameters(parsed: ParsedFile, resolver: ForceResolver) -> dict[str, Any]:
    return resolver.force_parameters()


SPEC = SourceSpec(
    source_id=SOURCE_ID,
    title="Homicide in England and Wales: appendix tables (Home Office Homicide Index)",
    publisher="Office for National Statistics",
    cadence="annual",
    file_patterns=("*.xlsx", "*.ods"),
    parse=parse,
    quality_frames=quality_frames,
    quality_parameters=quality_parameters,
    row_labels=("table_title", "row_label", "column_label"),
)
