"""Home Office police recorded crime, police force area open data tables (ODS).

Genuine layout (docs/sources/prc_pfa.md): one sheet per financial year named `2019-20` or
`2024_25`; header in row 1; long format, force x financial quarter x offence code. Headers drift
between editions (`Number of Offences` / `Offence Count`, `Force Name` / `Police Force`), label
casing drifts (`Theft Offences`), counts may be negative corrections or suppression markers, and
the file carries British Transport Police and the fraud bodies (Action Fraud, CIFAS, UK Finance)
beside the 43 forces. An offence code the offence_classification seed does not know is a warning
(`known_offence_codes`), as for crime outcomes: staging still counts it in its published group and
in total recorded crime, but in no flag-based category, so the seed should learn it. Everything
lands as text; staging types it.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pandas as pd

from orchestration.ingest.cells import map_distinct, normalise_label
from orchestration.ingest.errors import IngestError
from orchestration.ingest.headers import Column
from orchestration.ingest.source import ParsedFile, SourceSpec
from orchestration.ingest.tabular import frame_from_rows, parsed_file
from orchestration.ingest.workbook import read_workbook
from orchestration.reference import ForceResolver, read_seed

SOURCE_ID = "prc_pfa"
YEAR_SHEET = re.compile(r"^(\d{4})[-_](\d{2})$")

COLUMNS = (
    Column("financial_year", ("Financial Year",), key=True),
    Column("financial_quarter", ("Financial Quarter", "Quarter"), key=True),
    Column("force_name", ("Force Name", "Police Force", "Force"), key=True),
    Column("offence_description", ("Offence Description",)),
    Column("offence_group", ("Offence Group",)),
    Column("offence_subgroup", ("Offence Subgroup", "Offence Sub Group")),
    Column("offence_code", ("Offence Code",), key=True),
    Column("number_of_offences", ("Number of Offences", "Offence Count", "Offences")),
)


def sheet_financial_year(sheet: str) -> str | None:
    match = YEAR_SHEET.match(sheet.strip())
    return f"{match.group(1)}/{match.group(2)}" if match else None


def parse(path: Path) -> ParsedFile:
    sheets = read_workbook(SOURCE_ID, path)
    year_sheets = [name for name in sheets if sheet_financial_year(name)]
    if not year_sheets:
        raise IngestError(
            SOURCE_ID,
            path,
            "no financial-year sheets (expected names like 2019-20 or 2024_25); "
            f"found {list(sheets)}",
        )
    frames = [
        frame_from_rows(SOURCE_ID, path, sheets[sheet], COLUMNS, sheet) for sheet in year_sheets
    ]
    return parsed_file(SOURCE_ID, path, frames, "the year sheets")


def quality_frames(parsed: ParsedFile, resolver: ForceResolver) -> dict[str, pd.DataFrame]:
    rows = parsed.frame.copy()
    rows["_force_label"] = map_distinct(rows["force_name"], normalise_label)
    rows["_force_code"] = map_distinct(rows["force_name"], resolver.force_code)
    rows["_sheet_financial_year"] = map_distinct(rows["_sheet"], sheet_financial_year)
    counts = pd.to_numeric(rows["number_of_offences"], errors="coerce")
    forces = rows.assign(count=counts).dropna(subset=["_force_code"])
    totals = (
        forces.groupby(["_force_code", "financial_year", "financial_quarter"], as_index=False)[
            "count"
        ]
        .sum()
        .sort_values(["_force_code", "financial_year", "financial_quarter"])
    )
    previous = totals.groupby("_force_code")["count"].shift(1)
    totals["quarter_on_quarter_ratio"] = (totals["count"] / previous).where(previous > 0)
    quarters = (
        forces.groupby(["financial_year", "financial_quarter"], as_index=False)["_force_code"]
        .nunique()
        .rename(columns={"_force_code": "forces_reporting"})
    )
    return {"rows": rows, "force_quarter_totals": totals, "quarters": quarters}


def quality_parameters(parsed: ParsedFile, resolver: ForceResolver) -> dict[str, Any]:
    years = sorted({sheet_financial_year(s) for s in parsed.frame["_sheet"].unique()} - {None})
    first, last = int(years[0][:4]), int(years[-1][:4])
    expected = [f"{y}/{str(y + 1)[-2:]}" for y in range(first, last + 1)]
    return {
        "known_force_labels": resolver.known_labels,
        "expected_financial_years": expected,
        "force_codes": sorted(resolver.force_codes),
        "force_count": len(resolver.force_codes),
        "offence_codes": sorted(r["offence_code"] for r in read_seed("offence_classification")),
    }


SPEC = SourceSpec(
    source_id=SOURCE_ID,
    title="Police recorded crime, police force area open data tables",
    publisher="Home Office",
    cadence="quarterly",
    file_patterns=("*.ods", "*.xlsx"),
    parse=parse,
    quality_frames=quality_frames,
    quality_parameters=quality_parameters,
    row_labels=("force_name", "financial_year", "financial_quarter"),
)
