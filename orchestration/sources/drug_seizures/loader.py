"""Home Office "Seizures of drugs in England and Wales" data tables (ODS or XLSX), annual.

Genuine facts (docs/sources/drug_seizures.md, status P): financial-year statistics ("financial
year ending YYYY"), police forces in England and Wales including British Transport Police, plus
Border Force (its seizures in England and Wales); number of seizures and quantity seized by drug
class (A, B, C) and drug type, quantities in units that differ by drug (kg, doses, plants); a
seizure with several drugs counts once in the total but once per drug and per class in the
breakdowns, so breakdowns do not add up to totals; quantities swing with a few very large
seizures; published about seven to nine months after the year end, revised editions occur.

The loader reads every table sheet (`Table_1`, `Table 2a`) as a long table whose header (below
title rows) is mapped by name: financial year (`2019/20`) or financial year ending (`2020`),
authority, force, drug class, drug type, and a number of seizures and/or a quantity with its
unit. Sheets without a table header (cover, contents, notes) are skipped only if their name is
not a table name. Every cell stays text.

Assumed where unverified (U), also stated in the staging sources YAML:
  * one row per (year, force or Border Force, drug class, drug type) with `All drugs` / `All
    classes` total rows and `All Class A` ... class rows beside the drug rows;
  * quantities are published per drug type with a unit column (kg, doses, plants), class and
    total rows carrying no quantity;
  * `[x]` marks a force that supplied no data for a year (as Greater Manchester Police for
    2020/21 after its IT changeover), `[z]` not applicable;
  * the release date is the DDMMYY suffix of the file name, as other Home Office files.
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
from orchestration.reference import ForceResolver

SOURCE_ID = "drug_seizures"
TABLE_SHEET = re.compile(r"^\s*table[\s_]*\d{1,3}[a-z]?\s*$", re.IGNORECASE)

COLUMNS = (
    Column("financial_year", ("Financial year", "Year", "Financial Year (April to March)"),
           required=False, key=True),
    Column("financial_year_ending", ("Financial year ending", "FYE", "Year ending March"),
           required=False, key=True),
    Column("authority", ("Authority", "Seizing authority", "Agency"), required=False),
    Column("force_name", ("Police force area", "Force name", "Police force", "Force",
                          "Force or Border Force"), key=True),
    Column("drug_class", ("Drug class", "Class", "Class of drug"), key=True),
    Column("drug_type", ("Drug type", "Drug", "Drug name"), key=True),
    Column("number_of_seizures", ("Number of seizures", "Seizures", "Number"), required=False),
    Column("quantity_seized", ("Quantity seized", "Quantity"), required=False),
    Column("quantity_unit", ("Unit", "Units", "Unit of quantity", "Quantity unit"),
           required=False),
)  # fmt: skip
KEY_COLUMNS = ("_fy_key", "_force_label", "_class_key", "_type_key", "_measure")
FY = re.compile(r"^\s*(\d{4})\s*(?:/|-|to)\s*(\d{2}|\d{4})\s*$")
FYE = re.compile(r"^\s*(?:(?:financial\s+)?year\s+ending\s+(?:march\s+)?|fye\s*)?(\d{4})\s*$",
                 re.IGNORECASE)  # fmt: skip
CLASS_VALUES = ("class a", "class b", "class c")


def fye_of(financial_year: str | None, financial_year_ending: str | None) -> int | None:
    """Year ending March YYYY of a row: `2019/20` and `2020` both give 2020."""
    if financial_year_ending:
        match = FYE.match(financial_year_ending)
        if match:
            return int(match.group(1))
    if financial_year:
        match = FY.match(financial_year)
        if match:
            start, end = int(match.group(1)), match.group(2)
            end_year = int(end) if len(end) == 4 else (start // 100) * 100 + int(end)
            if end_year < start:
                end_year += 100
            return end_year if end_year == start + 1 else None
        match = FYE.match(financial_year)
        if match:
            return int(match.group(1))
    return None


def row_level(drug_class: str | None, drug_type: str | None) -> str:
    """total (all drugs), class (all drugs of one class) or drug (one drug type)."""
    cls, kind = normalise_label(drug_class), normalise_label(drug_type)
    if kind in ("all drugs", "total", "all", "all classes") or (
        not kind and cls in ("all classes", "all drugs", "total")
    ):
        return "total"
    if re.fullmatch(r"all class [abc]( drugs)?", kind) or (kind and kind == cls):
        return "class"
    return "drug"


def class_key(drug_class: str | None) -> str:
    return normalise_label(drug_class)


def parse(path: Path) -> ParsedFile:
    sheets = read_workbook(SOURCE_ID, path)
    tables = [name for name in sheets if TABLE_SHEET.match(name)]
    if not tables:
        raise IngestError(
            SOURCE_ID,
            path,
            f"no table sheets (expected names like 'Table_1' or 'Table 2'); found {list(sheets)}",
        )
    frames = []
    for sheet in tables:
        frame = frame_from_rows(SOURCE_ID, path, sheets[sheet], COLUMNS, sheet)
        if frame.empty:
            raise IngestError(SOURCE_ID, path, f"sheet '{sheet}': no data rows under the header")
        if not _filled(frame, ("financial_year", "financial_year_ending")):
            raise IngestError(
                SOURCE_ID,
                path,
                f"sheet '{sheet}': missing column 'financial_year' (Financial year or Financial "
                "year ending)",
            )
        if not _filled(frame, ("number_of_seizures", "quantity_seized")):
            raise IngestError(
                SOURCE_ID,
                path,
                f"sheet '{sheet}': missing column 'number_of_seizures' or 'quantity_seized'",
            )
        frames.append(frame)
    return parsed_file(SOURCE_ID, path, frames, "the table sheets")


def _filled(frame: pd.DataFrame, names: tuple[str, ...]) -> set[str]:
    """Which of these optional columns hold data (frame_from_rows adds absent ones empty)."""
    return {c for c in names if c in frame.columns and frame[c].notna().any()}


def quality_frames(parsed: ParsedFile, resolver: ForceResolver) -> dict[str, pd.DataFrame]:
    rows = parsed.frame.copy()
    for column in (c.name for c in COLUMNS):
        if column not in rows.columns:
            rows[column] = None
    rows["_force_label"] = map_distinct(rows["force_name"], normalise_label)
    rows["_force_code"] = map_distinct(rows["force_name"], resolver.force_code)
    rows["_fye"] = [
        fye_of(fy, fye)
        for fy, fye in zip(rows["financial_year"], rows["financial_year_ending"], strict=True)
    ]
    rows["_fy_key"] = rows["_fye"].map(lambda y: "" if pd.isna(y) else str(int(y)))
    rows["_class_key"] = map_distinct(rows["drug_class"], class_key)
    rows["_type_key"] = map_distinct(rows["drug_type"], normalise_label)
    rows["_level"] = [
        row_level(c, t) for c, t in zip(rows["drug_class"], rows["drug_type"], strict=True)
    ]
    has_quantity = rows["quantity_seized"].notna() | rows["quantity_unit"].notna()
    rows["_measure"] = ["quantity" if q else "number" for q in has_quantity]

    numbers = rows[rows["_measure"] == "number"].copy()
    numbers["_count"] = pd.to_numeric(numbers["number_of_seizures"], errors="coerce")
    quantities = rows[rows["_measure"] == "quantity"].copy()
    quantities["_quantity"] = pd.to_numeric(quantities["quantity_seized"], errors="coerce")
    drug_quantities = quantities[quantities["_level"] == "drug"]
    classified = rows[rows["_level"] != "total"]

    group = ["_fy_key", "_force_label"]
    totals = (
        numbers[numbers["_level"] == "total"]
        .groupby(group, as_index=False)["_count"]
        .sum(min_count=1)
    )
    classes = numbers[numbers["_level"] == "class"]
    class_sums = classes.groupby(group, as_index=False)["_count"].sum(min_count=1)
    class_max = classes.groupby(group, as_index=False)["_count"].max()
    class_totals = (
        totals.rename(columns={"_count": "total"})
        .merge(class_sums.rename(columns={"_count": "sum_of_classes"}), on=group)
        .merge(class_max.rename(columns={"_count": "largest_class"}), on=group)
        .dropna(subset=["total", "sum_of_classes"])
    )
    drugs = numbers[numbers["_level"] == "drug"]
    cgroup = [*group, "_class_key"]
    class_parts = (
        classes.groupby(cgroup, as_index=False)["_count"]
        .sum(min_count=1)
        .rename(columns={"_count": "class_count"})
        .merge(
            drugs.groupby(cgroup, as_index=False)["_count"]
            .sum(min_count=1)
            .rename(columns={"_count": "sum_of_drugs"}),
            on=cgroup,
        )
        .dropna(subset=["class_count", "sum_of_drugs"])
    )
    force_totals = totals.dropna(subset=["_count"]).sort_values(["_force_label", "_fy_key"])
    previous = force_totals.groupby("_force_label")["_count"].shift(1)
    force_totals = force_totals.assign(
        year_on_year_ratio=(force_totals["_count"] / previous).where(previous > 0)
    )
    years = (
        numbers.dropna(subset=["_force_code"])
        .groupby("_fy_key", as_index=False)["_force_code"]
        .nunique()
        .rename(columns={"_force_code": "forces_reporting"})
    )
    return {
        "rows": rows,
        "numbers": numbers,
        "classified": classified,
        "quantities": quantities,
        "drug_quantities": drug_quantities,
        "class_totals": class_totals,
        "class_parts": class_parts,
        "force_totals": force_totals,
        "years": years,
    }


def quality_parameters(parsed: ParsedFile, resolver: ForceResolver) -> dict[str, Any]:
    return resolver.force_parameters()


SPEC = SourceSpec(
    source_id=SOURCE_ID,
    title="Seizures of drugs in England and Wales",
    publisher="Home Office",
    cadence="annual",
    file_patterns=("*.ods", "*.xlsx"),
    parse=parse,
    quality_frames=quality_frames,
    quality_parameters=quality_parameters,
    row_labels=("force_name", "financial_year"),
)
