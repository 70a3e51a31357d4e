"""Home Office crime outcomes open data tables (XLSX, one workbook per financial year).

Genuine layout (docs/sources/crime_outcomes.md; names V, exact wording P): files
`prc-outcomes-open-data-marYYYY-tables-DDMMYY.xlsx`, one per financial year ending March YYYY,
re-issued with a new DDMMYY suffix at each release. Long format, one row per force, financial
quarter, offence code and outcome type, with two count bases: outcomes for offences recorded in
the quarter, and outcomes for investigations closed in the quarter (outcomes assigned in the
quarter whenever the offence was recorded). Column order of the year-ending-March-2026 file:
Financial Year, Financial Quarter, Force Name, Offence Code, Offence Description, Offence
Group, Offence Subgroup, Offence code expired, Outcome Type, Outcome Description, Outcome
Group, then the two counts.

How the loader copes with the editions:
  * Earlier years carry summary or chart sheets before the data sheet, so data sheets are found
    by header match (a sheet is a data sheet when one of its first 20 rows holds at least three
    of the outcome headers); the header may sit below title rows. A sheet that looks like a data
    sheet but whose header does not map is an error naming the sheet, never skipped.
  * Header wordings seen for the two counts (`Number of ...` prefixes, `that were closed` /
    `closed`, and the drug-subcode file's `Force outcomes for offences recorded in quarter` /
    `Force outcomes recorded in quarter`) are synonyms; `Offence code expired` /
    `Offence Code Expired` (lowercase `x` when the code is retired) and `Outcome Group` are
    optional, since some editions may lack them (assumption, U).
  * Outcome types stay text (`0`-`22`; `1a`/`2a`/`3a`, the alternate-offence subsets of 1/2/3,
    may appear in some files and are never summed with the main series: staging flags them).
  * Count cells may hold `N/A`, `N/A - Offence code expired`, `N/A - data not provided` (a
    force that supplied no data: not a zero) and negative quarterly corrections.
  * Greater Manchester Police 2019/20 is largely missing from July 2019 with no marker in the
    file: the GX warning `all_forces_present` reports any force whose quarter total (recorded
    basis) is absent or below a quarter of its best quarter in the file, and staging flags the
    rows in seeds/reference/known_data_gaps.csv.

The financial year in the file name (`mar2020` = 2019/20) must match every row's year
(blocking rule `year_matches_file`). Everything lands as text; staging types it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from orchestration.ingest.cells import map_distinct, normalise_label
from orchestration.ingest.errors import IngestError
from orchestration.ingest.headers import HEADER_SCAN_ROWS, Column
from orchestration.ingest.source import ParsedFile, SourceSpec
from orchestration.ingest.tabular import Rows, frame_from_rows, parsed_file
from orchestration.ingest.workbook import read_workbook
from orchestration.reference import ForceResolver, read_seed

SOURCE_ID = "crime_outcomes"
FILE_YEAR = re.compile(r"mar(\d{4})", re.IGNORECASE)
# A sheet is taken for a data sheet when one of its first rows holds this many known headers.
DATA_SHEET_MIN_HEADERS = 3
# A force is "not reporting" a quarter when its total (recorded basis) is below this share of
# its largest quarter in the file (GMP 2019/20 is "largely missing" rather than absent).
REPORTING_SHARE = 0.25
ALTERNATE_PARENT = {"1a": "1", "2a": "2", "3a": "3"}

RECORDED = "outcomes_for_offences_recorded_in_quarter"
CLOSED = "outcomes_for_investigations_closed_in_quarter"

COLUMNS = (
    Column("financial_year", ("Financial Year",), key=True),
    Column("financial_quarter", ("Financial Quarter", "Quarter"), key=True),
    Column("force_name", ("Force Name", "Police Force", "Force"), key=True),
    Column("offence_code", ("Offence Code",), key=True),
    Column("offence_description", ("Offence Description",)),
    Column("offence_group", ("Offence Group",)),
    Column("offence_subgroup", ("Offence Subgroup", "Offence Sub Group")),
    Column(
        "offence_code_expired", ("Offence code expired", "Offence Code Expired"), required=False
    ),
    Column("outcome_type", ("Outcome Type",), key=True),
    Column("outcome_description", ("Outcome Description",)),
    Column("outcome_group", ("Outcome Group",), required=False),
    Column(
        RECORDED,
        (
            "Outcomes for offences that were recorded in the quarter",
            "Number of Outcomes for offences that were recorded in the quarter",
            "Outcomes for offences recorded in the quarter",
            "Number of outcomes for offences recorded in the quarter",
            "Force outcomes for offences recorded in quarter",
        ),
    ),
    Column(
        CLOSED,
        (
            "Outcomes for investigations closed in the quarter",
            "Outcomes for investigations that were closed in the quarter",
            "Number of Outcomes for investigations that were closed in the quarter",
            "Number of outcomes for investigations closed in the quarter",
            "Force outcomes recorded in quarter",
        ),
    ),
)


@dataclass(frozen=True)
class YearFile(ParsedFile):
    """A parsed outcomes workbook and the financial year its file name is for (None if unnamed)."""

    file_financial_year: str | None = None


# ------------------------------------------------------------------ helpers shared with the
# knife and firearm loaders (candidates for orchestration.ingest.tabular)

_FOOTNOTE = re.compile(r"(?<=[a-z\)])\d+$")


def header_label(cell: str | None) -> str:
    """The matching form of a header cell: normalised, trailing footnote digits removed."""
    return _FOOTNOTE.sub("", normalise_label(cell)).strip()


def header_hits(rows: Rows, columns: tuple[Column, ...]) -> int:
    """Most cells of one of the first rows that are a known header of `columns`."""
    known = {header_label(s) for c in columns for s in (c.name, *c.synonyms)}
    return max(
        (
            sum(1 for cell in row if cell is not None and header_label(cell) in known)
            for row in rows[:HEADER_SCAN_ROWS]
        ),
        default=0,
    )


def data_sheets(
    sheets: Mapping[str, Rows], columns: tuple[Column, ...], minimum: int = DATA_SHEET_MIN_HEADERS
) -> list[str]:
    """Sheets whose first rows carry a header row of this source (by name, in workbook order)."""
    return [name for name, rows in sheets.items() if header_hits(rows, columns) >= minimum]


def financial_year_of_file(path: Path) -> str | None:
    """`...-mar2020-...` is the financial year ending March 2020, written `2019/20`.

    None when the name carries no year or a range of years (the alternate-outcomes file
    `...-mar2017-to-mar2026-...` spans many years).
    """
    years = FILE_YEAR.findall(path.name)
    if len(years) != 1:
        return None
    end = int(years[0])
    return f"{end - 1}/{end % 100:02d}"


def force_names() -> dict[str, str]:
    return {r["force_code"]: r["force_name"] for r in read_seed("police_force_areas")}


def not_reporting_frame(
    rows: pd.DataFrame, counts: pd.Series, resolver: ForceResolver, share: float
) -> pd.DataFrame:
    """One row per territorial force and financial quarter present in the file.

    `not_reporting` names the force and quarter when the force's total is absent, not numeric,
    or below `share` of its largest quarter in the file; it is null otherwise.
    """
    data = rows.assign(_count=counts).dropna(subset=["_force_code"])
    quarters = (
        rows[["financial_year", "financial_quarter"]]
        .dropna()
        .drop_duplicates()
        .sort_values(["financial_year", "financial_quarter"])
    )
    grid = pd.DataFrame({"_force_code": sorted(resolver.force_codes)}).merge(quarters, how="cross")
    totals = data.groupby(["_force_code", "financial_year", "financial_quarter"], as_index=False)[
        "_count"
    ].sum(min_count=1)
    grid = grid.merge(totals, how="left", on=["_force_code", "financial_year", "financial_quarter"])
    best = grid.groupby("_force_code")["_count"].transform("max")
    grid["share_of_best_quarter"] = (grid["_count"] / best).where(best > 0)
    names = force_names()
    reporting = grid["share_of_best_quarter"] >= share
    labels = (
        grid["_force_code"].map(lambda c: f"{c} {names.get(c, '')}".strip())
        + " "
        + grid["financial_year"].astype(str)
        + " Q"
        + grid["financial_quarter"].astype(str)
    )
    grid["not_reporting"] = labels.where(~reporting.fillna(False), None)
    return grid.rename(columns={"_count": "quarter_total"})


# ------------------------------------------------------------------ the source


def parse(path: Path) -> YearFile:
    sheets = read_workbook(SOURCE_ID, path)
    names = data_sheets(sheets, COLUMNS)
    if not names:
        raise IngestError(
            SOURCE_ID,
            path,
            "no data sheet: no sheet has the outcomes header (Financial Year, Force Name, "
            f"Offence Code, Outcome Type, ...) in its first {HEADER_SCAN_ROWS} rows; "
            f"sheets: {list(sheets)}",
        )
    frames = [frame_from_rows(SOURCE_ID, path, sheets[name], COLUMNS, name) for name in names]
    parsed = parsed_file(SOURCE_ID, path, frames, "the data sheet(s) " + ", ".join(names))
    return YearFile(
        frame=parsed.frame, release=parsed.release, file_financial_year=financial_year_of_file(path)
    )


def _outcome_type(value: str | None) -> str | None:
    return None if value is None else value.strip().lower()


def quality_frames(parsed: ParsedFile, resolver: ForceResolver) -> dict[str, pd.DataFrame]:
    rows = parsed.frame.copy()
    rows["_force_label"] = map_distinct(rows["force_name"], normalise_label)
    rows["_force_code"] = map_distinct(rows["force_name"], resolver.force_code)
    rows["_outcome_type"] = map_distinct(rows["outcome_type"], _outcome_type)
    file_year = getattr(parsed, "file_financial_year", None)
    rows["_file_financial_year"] = file_year if file_year else rows["financial_year"]
    recorded = pd.to_numeric(rows[RECORDED], errors="coerce")
    main = ~rows["_outcome_type"].isin(list(ALTERNATE_PARENT))

    force_quarters = not_reporting_frame(
        rows[main], recorded[main], resolver, REPORTING_SHARE
    ).rename(columns={"quarter_total": "recorded_basis_total"})

    keys = ["financial_year", "financial_quarter", "_force_label", "offence_code"]
    valued = rows.assign(_recorded=recorded)
    alternates = valued[~main].assign(_parent=lambda f: f["_outcome_type"].map(ALTERNATE_PARENT))
    parents = valued[main][[*keys, "_outcome_type", "_recorded"]].rename(
        columns={"_outcome_type": "_parent", "_recorded": "_parent_recorded"}
    )
    pairs = alternates.merge(parents, how="left", on=[*keys, "_parent"])
    both = (pairs["_recorded"] >= 0) & (pairs["_parent_recorded"] >= 0)
    pairs["alternate_excess"] = (pairs["_recorded"] - pairs["_parent_recorded"]).where(both)

    annual_keys = ["_force_code", "financial_year", "offence_code", "_outcome_type"]
    annual = (
        valued[valued["_force_code"].notna()]
        .groupby(annual_keys, as_index=False)["_recorded"]
        .sum(min_count=1)
        .rename(columns={"_recorded": "annual_recorded_total"})
    )
    return {
        "rows": rows,
        "force_quarters": force_quarters,
        "alternates": pairs[[*keys, "_outcome_type", "alternate_excess"]],
        "annual_totals": annual,
    }


def quality_parameters(parsed: ParsedFile, resolver: ForceResolver) -> dict[str, Any]:
    return {
        "known_force_labels": resolver.known_labels,
        "outcome_types": sorted(r["outcome_type"].lower() for r in read_seed("outcome_types")),
        "offence_codes": sorted(r["offence_code"] for r in read_seed("offence_classification")),
    }


SPEC = SourceSpec(
    source_id=SOURCE_ID,
    title="Crime outcomes open data tables (one workbook per financial year)",
    publisher="Home Office",
    cadence="quarterly",
    file_patterns=("*.xlsx", "*.ods"),
    parse=parse,
    quality_frames=quality_frames,
    quality_parameters=quality_parameters,
    row_labels=("force_name", "financial_year", "financial_quarter"),
)
