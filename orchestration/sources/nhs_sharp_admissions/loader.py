"""NHS hospital admissions for assault by a sharp object (HES APC, ICD-10 X99; NHS England; CSV;
monthly).

Known (docs/sources/nhs_sharp_admissions.md, docs/methods/measure-definitions.md): Hospital Episode
Statistics, admitted patient care, first external cause X99 "assault by sharp object"; counted as
finished admission episodes (admissions, not patients); monthly provisional extracts by police
force area of residence with an under-25 focus; HES disclosure control suppresses small counts
(`*`) and rounds others. HES covers English NHS hospitals and English-commissioned independent
providers only, so residents of the four Welsh force areas, treated mostly in Welsh hospitals,
are under-covered: only English force areas are expected, and a Welsh row is warned about.

Assumed, because no monthly file has been seen (U):
  * one CSV per release, re-issuing the provisional series; the release date is the Home Office
    DDMMYY suffix or an ISO date in the file name (else the load date). Staging keeps, for each
    month, the rows of the latest release that carries that month.
  * columns (header row in the first 20 rows): month; police force area of residence as an ONS
    code (E23...) and/or a name (at least one is required; when both are given they must agree);
    age band; admissions (finished admission episodes); optionally a suppression flag and the
    ICD-10 cause code (which must then be X99).
  * months in any of the formats calls_999.MONTH_FORMATS accepts (`2024-03`, `Mar-24`,
    `March 2024`, `01/03/2024`, `202403`, ...).
  * age bands `Under 25` / `25 and over` and the variants listed in
    seeds/source_labels/hes_age_bands.csv
    (`Under 25s`, `25+`, `Aged 25 and over`, ...), matched after lower-casing and folding spaces;
    an unknown label is blocking.
  * small counts (1-7) published as `*` and other counts rounded to the nearest 5 (the HES
    disclosure rule; rounding P): `*` stays null with its reason in staging, never zero.
Everything lands as text; staging types it.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import pandas as pd

from orchestration.ingest.cells import map_distinct, normalise_label
from orchestration.ingest.errors import IngestError
from orchestration.ingest.headers import Column
from orchestration.ingest.source import ParsedFile, SourceSpec
from orchestration.ingest.tabular import frame_from_rows, parsed_file, read_csv_rows
from orchestration.reference import ForceResolver, read_seed
from orchestration.sources.calls_999.loader import (
    drop_trailing_notes,
    first_present,
    month_index,
    number,
    release_in_name,
)

SOURCE_ID = "nhs_sharp_admissions"
FIRST_HES_MONTH_INDEX = 1998 * 12 + 3  # April 1998, the start of HES APC as published

_PFA_VINTAGES = ("PFA19", "PFA20", "PFA21", "PFA22", "PFA23", "PFA24", "PFA25")

COLUMNS = (
    Column(
        "month",
        (
            "Month",
            "Admission month",
            "Month of admission",
            "Activity month",
            "Period",
            "Reporting period",
            "Year month",
            "Date",
        ),
        key=True,
    ),
    Column(
        "pfa_code",
        (
            "PFA code",
            "Police force area code",
            "Police force area of residence code",
            "PFA of residence code",
            "Residence PFA code",
            "Force code",
            "Area code",
            *(f"{v}CD" for v in _PFA_VINTAGES),
        ),
        required=False,
        key=True,
    ),
    Column(
        "pfa_name",
        (
            "PFA name",
            "PFA",
            "Police force area",
            "Police force area name",
            "Police force area of residence",
            "Police force area of residence name",
            "PFA of residence",
            "Residence PFA",
            "Police force",
            "Force",
            "Area name",
            *(f"{v}NM" for v in _PFA_VINTAGES),
        ),
        required=False,
        key=True,
    ),
    Column(
        "age_band",
        ("Age band", "Age group", "Age", "Age band at admission", "Age group at admission"),
        key=True,
    ),
    Column(
        "admissions",
        (
            "Admissions",
            "Finished admission episodes",
            "Finished admission episodes (FAE)",
            "FAE",
            "FAEs",
            "Number of admissions",
            "Admission episodes",
            "Hospital admissions",
            "Count",
        ),
    ),
    Column(
        "suppressed_flag",
        ("Suppressed", "Suppressed flag", "Suppression flag", "Suppression"),
        required=False,
    ),
    Column(
        "cause_code",
        ("Cause code", "External cause", "External cause code", "ICD-10 code", "ICD10 code"),
        required=False,
    ),
)


def age_band_label(text: str | None) -> str:
    """Matching form of an age band label: lower case, runs of white space folded, trimmed.

    Punctuation is kept (`25+` and `<25` must stay apart); the staging model computes the same.
    """
    return " ".join(str(text).lower().split()) if text is not None else ""


def age_bands() -> dict[str, str]:
    """Published label (matching form) -> canonical age band, from
    seeds/source_labels/hes_age_bands.csv."""
    return {
        age_band_label(row["age_band_label"]): row["age_band"] for row in read_seed("hes_age_bands")
    }


def parse(path: Path) -> ParsedFile:
    rows = read_csv_rows(SOURCE_ID, path)
    frame = drop_trailing_notes(frame_from_rows(SOURCE_ID, path, rows, COLUMNS, "csv"), COLUMNS)
    # No data rows first: a header-only file must not be reported as missing its force area.
    parsed = parsed_file(SOURCE_ID, path, [frame], "the CSV")
    if parsed.frame[["pfa_code", "pfa_name"]].isna().all().all():
        raise IngestError(
            SOURCE_ID,
            path,
            "no police force area: neither a PFA code nor a PFA name column holds any value",
        )
    return dataclasses.replace(parsed, release=release_in_name(path))


def quality_frames(parsed: ParsedFile, resolver: ForceResolver) -> dict[str, pd.DataFrame]:
    rows = parsed.frame.copy()
    codes = resolver.force_codes
    countries = {r["force_code"]: r["country"] for r in read_seed("police_force_areas")}
    bands = age_bands()
    rows["_pfa_code"] = rows["pfa_code"].map(lambda v: v.strip() if v is not None else None)
    rows["_force_label"] = rows["pfa_name"].map(
        lambda v: normalise_label(v) if v is not None else None
    )
    rows["_force_code_from_name"] = rows["pfa_name"].map(
        lambda v: resolver.force_code(v) if v is not None else None
    )
    rows["_force_code_from_code"] = rows["_pfa_code"].map(lambda v: v if v in codes else None)
    rows["_force_code"] = rows["_force_code_from_code"].where(
        rows["_force_code_from_code"].notna(), rows["_force_code_from_name"]
    )
    rows["_force_key"] = first_present(rows["_force_code"], rows["_force_label"], rows["_pfa_code"])
    rows["_force_country"] = rows["_force_code"].map(lambda c: countries.get(c) if c else None)
    rows["_month_index"] = map_distinct(rows["month"], month_index).astype(float)
    rows["_age_band"] = rows["age_band"].map(lambda v: bands.get(age_band_label(v)))
    rows["_admissions"] = number(rows["admissions"])
    rows["_admissions_remainder_5"] = rows["_admissions"] % 5

    english = rows[(rows["_force_country"] == "England")]
    monthly = (
        english.groupby("_month_index", as_index=False)
        .agg(
            admissions=("_admissions", "sum"),
            forces_reporting=("_force_code", "nunique"),
        )
        .sort_values("_month_index")
    )
    previous = monthly["admissions"].shift(1)
    consecutive = monthly["_month_index"].diff() == 1
    monthly["month_on_month_ratio"] = (monthly["admissions"] / previous).where(
        consecutive & (previous > 0)
    )
    return {"rows": rows, "months": monthly}


def quality_parameters(parsed: ParsedFile, resolver: ForceResolver) -> dict[str, Any]:
    forces = read_seed("police_force_areas")
    return {
        "known_force_labels": resolver.known_labels,
        "force_codes": sorted(resolver.force_codes),
        "age_bands": sorted(set(age_bands().values())),
        "first_month_index": FIRST_HES_MONTH_INDEX,
        "english_force_count": sum(1 for r in forces if r["country"] == "England"),
    }


SPEC = SourceSpec(
    source_id=SOURCE_ID,
    title="Hospital admissions for assault by sharp object (HES, X99) by police force area",
    publisher="NHS England",
    cadence="monthly",
    file_patterns=("*.csv",),
    parse=parse,
    quality_frames=quality_frames,
    quality_parameters=quality_parameters,
    row_labels=("pfa_name", "month"),
)
