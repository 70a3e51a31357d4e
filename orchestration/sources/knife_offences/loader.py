"""Home Office offences involving a knife or sharp instrument, open data (ODS).

The files exist on the Home Office open data page (docs/sources/knife_offences.md, e.g.
`prc-knives_or_sharps-outcomes-open-data-apr2024-to-mar2026-tables-DDMMYY.ods`), but their
columns are UNVERIFIED. Assumed, by analogy with the police recorded crime and outcomes tables:
a long table (Financial Year, Financial Quarter, Force Name, the offence fields, a count of
offences involving a knife or sharp instrument), in one or several sheets (one per financial
year, or a single data sheet) that may follow cover and notes sheets, with the header possibly
below title rows. The loader is tolerant and fails loudly:
  * data sheets are found by header match (three known headers in one of the first 20 rows);
    any other sheet (cover, notes, contents) is ignored, but a sheet that looks like data and
    does not map is an error naming the sheet;
  * the offence may be identified by `Offence Code` (with description, group and subgroup,
    all optional) and/or by a published knife-enabled offence type label (`Knife Enabled
    Offence Type`, `Selected Offence`, `Offence Type`); a sheet with neither is rejected;
  * count header synonyms: `Number of Offences`, `Offence Count`, `Offences`, and knife
    wordings such as `Knife or sharp instrument offences`;
  * an outcomes-shaped file (with `Outcome Type` columns) is rejected as an unmapped header
    rather than mis-read.
The knife-enabled offence type (homicide, attempted murder, threats to kill, assault with
injury and assault with intent to cause serious harm, robbery, rape, sexual assault; possession
offences excluded) is derived in staging from the offence code through
seeds/reference/offence_classification.csv (knife_enabled_type), or from the published label.
Counts may carry suppression markers or negative corrections. Everything lands as text.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd

from orchestration.ingest.cells import map_distinct, normalise_label
from orchestration.ingest.errors import IngestError
from orchestration.ingest.headers import HEADER_SCAN_ROWS, Column
from orchestration.ingest.source import ParsedFile, SourceSpec
from orchestration.ingest.tabular import frame_from_rows, parsed_file
from orchestration.ingest.workbook import read_workbook
from orchestration.reference import ForceResolver, read_seed
from orchestration.sources.crime_outcomes.loader import data_sheets, not_reporting_frame

SOURCE_ID = "knife_offences"
# A force is "not reporting" a quarter when its knife total is absent, all markers, or below
# this share of its best quarter in the file.
REPORTING_SHARE = 0.1
# Quarter-on-quarter swings are only judged where the previous quarter had this many offences.
SWING_MIN_PREVIOUS = 50

COLUMNS = (
    Column("financial_year", ("Financial Year",), key=True),
    Column("financial_quarter", ("Financial Quarter", "Quarter"), key=True),
    Column("force_name", ("Force Name", "Police Force", "Force"), key=True),
    Column("offence_code", ("Offence Code",), required=False, key=True),
    Column("offence_description", ("Offence Description", "Offence"), required=False),
    Column("offence_group", ("Offence Group",), required=False),
    Column("offence_subgroup", ("Offence Subgroup", "Offence Sub Group"), required=False),
    Column(
        "knife_offence_type",
        (
            "Knife Enabled Offence Type",
            "Knife-enabled Offence Type",
            "Knife or Sharp Instrument Offence Type",
            "Selected Offence",
            "Offence Type",
        ),
        required=False,
        key=True,
    ),
    Column(
        "number_of_offences",
        (
            "Number of Offences",
            "Offence Count",
            "Offences",
            "Knife or sharp instrument offences",
            "Number of knife or sharp instrument offences",
            "Offences involving a knife or sharp instrument",
            "Number of offences involving a knife or sharp instrument",
        ),
    ),
)


def parse(path: Path) -> ParsedFile:
    sheets = read_workbook(SOURCE_ID, path)
    names = data_sheets(sheets, COLUMNS)
    if not names:
        raise IngestError(
            SOURCE_ID,
            path,
            "no data sheet: no sheet has the knife offences header (Financial Year, Financial "
            f"Quarter, Force Name, Offence Code, Number of Offences, ...) in its first "
            f"{HEADER_SCAN_ROWS} rows; sheets: {list(sheets)}",
        )
    frames = []
    for name in names:
        frame = frame_from_rows(SOURCE_ID, path, sheets[name], COLUMNS, name)
        # (A sheet with no data rows is reported as such for the whole file.)
        if (
            not frame.empty
            and frame["offence_code"].isna().all()
            and frame["knife_offence_type"].isna().all()
        ):
            raise IngestError(
                SOURCE_ID,
                path,
                f"sheet '{name}': no offence column (expected 'Offence Code' or a knife-enabled "
                "offence type such as 'Knife Enabled Offence Type')",
            )
        frames.append(frame)
    return parsed_file(SOURCE_ID, path, frames, "the data sheet(s) " + ", ".join(names))


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def quality_frames(parsed: ParsedFile, resolver: ForceResolver) -> dict[str, pd.DataFrame]:
    rows = parsed.frame.copy()
    rows["_force_label"] = map_distinct(rows["force_name"], normalise_label)
    rows["_force_code"] = map_distinct(rows["force_name"], resolver.force_code)
    type_label = map_distinct(rows["knife_offence_type"], normalise_label)
    rows["_offence_key"] = rows["offence_code"].where(rows["offence_code"].notna(), None)
    rows.loc[rows["_offence_key"].isna() & (type_label != ""), "_offence_key"] = type_label
    rows["_key"] = (
        map_distinct(rows["financial_year"], _text)
        + "|"
        + map_distinct(rows["financial_quarter"], _text)
        + "|"
        + rows["_force_label"]
        + "|"
        + map_distinct(rows["offence_code"], _text)
        + "|"
        + type_label
    )
    counts = pd.to_numeric(rows["number_of_offences"], errors="coerce")

    force_quarters = not_reporting_frame(rows, counts, resolver, REPORTING_SHARE)
    totals = force_quarters.sort_values(["_force_code", "financial_year", "financial_quarter"])
    previous = totals.groupby("_force_code")["quarter_total"].shift(1)
    totals["quarter_on_quarter_ratio"] = (totals["quarter_total"] / previous).where(
        previous >= SWING_MIN_PREVIOUS
    )
    return {"rows": rows, "force_quarters": totals}


def quality_parameters(parsed: ParsedFile, resolver: ForceResolver) -> dict[str, Any]:
    seed = read_seed("offence_classification")
    return {
        "known_force_labels": resolver.known_labels,
        "knife_enabled_codes": sorted(r["offence_code"] for r in seed if r["knife_enabled_type"]),
    }


SPEC = SourceSpec(
    source_id=SOURCE_ID,
    title="Offences involving a knife or sharp instrument, open data tables",
    publisher="Home Office",
    cadence="quarterly",
    file_patterns=("*.ods", "*.xlsx"),
    parse=parse,
    quality_frames=quality_frames,
    quality_parameters=quality_parameters,
    row_labels=("force_name", "financial_year", "financial_quarter"),
)
