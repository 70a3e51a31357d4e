"""police.uk street-level crime CSVs (Home Office via data.police.uk; monthly).

Genuine layout (docs/sources/street_crime.md, verified): the monthly archive
`data.police.uk/data/archive/YYYY-MM.zip` unpacks to folders `YYYY-MM/` holding one
`YYYY-MM-<force-slug>-street.csv` per force and month, with the columns Crime ID, Month,
Reported by, Falls within, Longitude, Latitude, Location, LSOA code, LSOA name, Crime type, Last
outcome category, Context. Crime ID is a 64-character hex hash, blank for anti-social behaviour
(whose outcome is blank too); Month is `YYYY-MM`; forces carry their full names ("Avon and
Somerset Constabulary"); coordinates are anonymised snap points, blank with `No location` when
none is near; LSOAs are the 2011 set before June 2023 and the 2021 set from then on; there are
14 crime types (seeds/source_labels/police_uk_crime_types.csv).

Landing: `landing/street_crime/YYYY-MM/YYYY-MM-<slug>-street.csv` as unpacked (the runner passes
every file below landing/street_crime/, so only the street files belong there; outcomes and
stop-and-search files are rejected as an unsupported file type). Each CSV is one file to load.
The force comes from `Falls within`, cross-checked against the slug in the file name: a mismatch
is blocking, as is a month differing from the file name's. The slugs of non-force bodies
(`btp`, `northern-ireland`) resolve through seeds/source_labels/police_uk_non_force_slugs.csv.

Each archive is a rolling 36-month snapshot, so the same force-month file comes again in later
archives (revised when a force refreshes). File names carry no release date: a file takes the
date it was loaded as its release, and staging keeps, per file name (force and month), the rows
of the most recently loaded version. A file with a header and no rows is rejected (no data).
Everything lands as text; staging types it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from orchestration.ingest.cells import map_distinct, normalise_label
from orchestration.ingest.errors import IngestError
from orchestration.ingest.headers import Column
from orchestration.ingest.source import ParsedFile, SourceSpec
from orchestration.ingest.tabular import frame_from_rows, parsed_file, read_csv_rows
from orchestration.reference import ForceResolver, read_seed

SOURCE_ID = "street_crime"
FILE_NAME = re.compile(r"^(\d{4})-(\d{2})-([a-z0-9]+(?:-[a-z0-9]+)*)-street\.csv$", re.IGNORECASE)
UK_LONGITUDE = (-8.7, 1.9)
UK_LATITUDE = (49.8, 60.9)

COLUMNS = (
    Column("crime_id", ("Crime ID", "CrimeID", "Crime reference")),
    Column("month", ("Month",), key=True),
    Column("reported_by", ("Reported by",)),
    Column("falls_within", ("Falls within",)),
    Column("longitude", ("Longitude",)),
    Column("latitude", ("Latitude",)),
    Column("location", ("Location",)),
    Column("lsoa_code", ("LSOA code",)),
    Column("lsoa_name", ("LSOA name",)),
    Column("crime_type", ("Crime type",)),
    Column("last_outcome_category", ("Last outcome category", "Last outcome")),
    Column("context", ("Context",), required=False),
)


@dataclass(frozen=True)
class StreetFile(ParsedFile):
    """A parsed street CSV plus what its file name says: the month and the force slug."""

    file_month: str | None = None
    file_slug: str | None = None


def file_month_and_slug(path: Path) -> tuple[str, str] | None:
    """(`YYYY-MM`, force slug) from a `YYYY-MM-<slug>-street.csv` file name."""
    match = FILE_NAME.match(path.name)
    if not match or not 1 <= int(match.group(2)) <= 12:
        return None
    return f"{match.group(1)}-{match.group(2)}", match.group(3).lower()


def crime_type_label(text: str | None) -> str:
    """Matching form of a crime type: lower case, runs of white space folded, trimmed."""
    return " ".join(str(text).lower().split()) if text is not None else ""


def _non_force_slugs() -> dict[str, str]:
    return {r["police_uk_slug"]: r["body_name"] for r in read_seed("police_uk_non_force_slugs")}


def crime_types() -> dict[str, bool]:
    """Crime type (matching form) -> is anti-social behaviour, from the crime types seed."""
    return {
        crime_type_label(r["crime_type"]): r["is_anti_social_behaviour"] == "true"
        for r in read_seed("police_uk_crime_types")
    }


def force_key(resolver: ForceResolver, name: str | None) -> str | None:
    """A force's code, or `body:<type>` for a known non-force body; None when unknown."""
    if name is None:
        return None
    code = resolver.force_code(name)
    if code:
        return code
    body = resolver.body_type(name)
    return f"body:{body}" if body else None


def slug_key(resolver: ForceResolver, slug: str) -> str | None:
    """The force key a police.uk file-name slug denotes (`avon-and-somerset`, `btp`, ...)."""
    return force_key(resolver, _non_force_slugs().get(slug, slug))


def parse(path: Path) -> StreetFile:
    named = file_month_and_slug(path)
    if named is None:
        raise IngestError(
            SOURCE_ID,
            path,
            "file name is not YYYY-MM-<force-slug>-street.csv as police.uk names it",
        )
    rows = read_csv_rows(SOURCE_ID, path)
    frame = frame_from_rows(SOURCE_ID, path, rows, COLUMNS, path.parent.name)
    parsed = parsed_file(SOURCE_ID, path, [frame], "the CSV")
    return StreetFile(parsed.frame, parsed.release, file_month=named[0], file_slug=named[1])


def quality_frames(parsed: ParsedFile, resolver: ForceResolver) -> dict[str, pd.DataFrame]:
    rows = parsed.frame.copy()
    types = crime_types()
    file_slug = getattr(parsed, "file_slug", None)
    rows["_file_month"] = getattr(parsed, "file_month", None)
    rows["_file_force_key"] = slug_key(resolver, file_slug) if file_slug else None
    rows["_falls_within_label"] = map_distinct(rows["falls_within"], normalise_label)
    rows["_reported_by_label"] = map_distinct(rows["reported_by"], normalise_label)
    rows["_falls_within_key"] = map_distinct(rows["falls_within"], lambda v: force_key(resolver, v))
    rows["_month"] = map_distinct(rows["month"], lambda v: v.strip() if v is not None else None)
    rows["_crime_type"] = map_distinct(rows["crime_type"], crime_type_label)
    is_asb = map_distinct(rows["_crime_type"], lambda t: types.get(t, False)).astype(bool)
    rows["_asb_fields_blank"] = ~(
        is_asb & (rows["crime_id"].notna() | rows["last_outcome_category"].notna())
    )
    rows["_crime_has_id"] = (rows["crime_id"].notna() | is_asb).astype(bool)
    numbers = {}
    for axis in ("longitude", "latitude"):
        text = rows[axis].astype(object).map(lambda v: v.strip() if isinstance(v, str) else v)
        numbers[axis] = pd.to_numeric(text, errors="coerce").astype(float)
        rows[f"_{axis}_numeric"] = text.isna() | numbers[axis].notna()
    rows["_coordinates_numeric"] = rows["_longitude_numeric"] & rows["_latitude_numeric"]
    rows["_coordinates_paired"] = rows["longitude"].isna() == rows["latitude"].isna()
    in_uk = numbers["longitude"].between(*UK_LONGITUDE) & numbers["latitude"].between(*UK_LATITUDE)
    rows["_coordinates_in_uk"] = in_uk.astype(object).where(numbers["longitude"].notna(), None)
    return {"rows": rows}


def quality_parameters(parsed: ParsedFile, resolver: ForceResolver) -> dict[str, Any]:
    return {
        "known_force_labels": resolver.known_labels,
        "crime_types": sorted(crime_types()),
    }


SPEC = SourceSpec(
    source_id=SOURCE_ID,
    title="police.uk street-level crime and anti-social behaviour by force and month",
    publisher="Home Office",
    cadence="monthly",
    file_patterns=("*-street.csv",),
    parse=parse,
    quality_frames=quality_frames,
    quality_parameters=quality_parameters,
    row_labels=("falls_within", "month"),
)
