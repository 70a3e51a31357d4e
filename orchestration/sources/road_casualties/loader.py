"""Department for Transport road casualty statistics (STATS19): collision and casualty CSVs.

Genuine layout (docs/sources/road_casualties.md, V for the three header vintages): one CSV per
calendar year and table (`dft-road-casualty-statistics-collision-YYYY.csv`,
`...-casualty-YYYY.csv`; older editions say `accident`), header in row 1, one row per collision
or per casualty. Headers come in three vintages, all mapped by name onto one set of canonical
(2024) names:

* up to 2020: capitalised `Accident_Index`, `Police_Force`, `Accident_Severity`,
  `Local_Authority_(District)`, `1st_Road_Class`, ... (no year column: the year is the first four
  characters of the index);
* 2021-2023: snake case `accident_index`, `accident_year`, `accident_reference`,
  `accident_severity`, `first_road_class`, ...;
* 2024 onward: `collision_index`, `collision_year`, `collision_ref_no`, `collision_severity`, new
  fields such as `enhanced_severity_collision` and the CRASH adjustment probabilities
  (`collision_adjusted_severity_serious`, `casualty_adjusted_severity_serious` / `_slight`).

Every column of each vintage is declared (most as optional), so a column nobody declared is an
error, never a silent drop. The table is detected from the header: a `casualty_reference` column
makes a casualty file; `police_force` with a severity column makes a collision file; a vehicle
file (or anything else) is rejected. Both tables land in the one raw table `raw.road_casualties`
with `_table` = `collision` or `casualty` (each row carries only its table's columns; `_sheet`
holds the same table name, CSV files having no sheets).

Published values stay as text: `-1` is STATS19's "missing or out of range" code, `NULL` marks
missing coordinates, dates are `dd/mm/yyyy` and times `HH:MM`. `police_force` is DfT's integer
force code, resolved through `seeds/source_labels/stats19_police_forces.csv` (DfT road safety open
data guide; the code list is U in docs/sources/road_casualties.md): the 43 England and Wales forces
map to ONS
codes, the Scottish codes 91-98 are kept as non-force rows, any other code is a blocking failure.

Unverified here (U), kept tolerant: which vintage first carried `enhanced_severity_collision`,
`collision_injury_based`, the `_historic` junction/crossing/hazard columns,
`local_authority_highway_current`, `casualty_distance_banding` (all optional), and the
`collision_ref_no` / `lsoa_of_collision_location` / `..._scene_of_collision` spellings (accepted
as synonyms). STATS19 files carry no release date: the runner dates an undated file by the day it
is first loaded, and staging keeps, per table and year, the most recent file. Because of that, a
file named for one year (`...-2024.csv`, `...-provisional-2025.csv`) must hold only that year's
rows (blocking rules `collision_year_matches_file_name` / `casualty_year_matches_file_name`):
one stray 2023 row in the 2024 file would otherwise replace the whole 2023 file in staging.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from orchestration.ingest.cells import normalise_label
from orchestration.ingest.errors import IngestError
from orchestration.ingest.headers import HEADER_SCAN_ROWS, Column
from orchestration.ingest.source import ParsedFile, SourceSpec
from orchestration.ingest.tabular import (
    LINEAGE_ROW,
    LINEAGE_SHEET,
    frame_from_rows,
    parsed_file,
    read_csv_rows,
)
from orchestration.reference import ForceResolver, read_seed

SOURCE_ID = "road_casualties"
TABLE_COLUMN = "_table"
COLLISION = "collision"
CASUALTY = "casualty"
FORCE_SEED = "stats19_police_forces"

_INDEX = ("Accident_Index", "accident_index", "collision_index")
_YEAR = ("Accident_Year", "accident_year", "collision_year")
_REFERENCE = ("accident_reference", "collision_reference", "collision_ref_no")


def _optional(name: str, *synonyms: str) -> Column:
    return Column(name, synonyms or (name,), required=False)


COLLISION_COLUMNS = (
    Column("collision_index", _INDEX, key=True),
    _optional("collision_year", *_YEAR),
    _optional("collision_reference", *_REFERENCE),
    _optional("location_easting_osgr", "Location_Easting_OSGR", "location_easting_osgr"),
    _optional("location_northing_osgr", "Location_Northing_OSGR", "location_northing_osgr"),
    _optional("longitude", "Longitude", "longitude"),
    _optional("latitude", "Latitude", "latitude"),
    Column("police_force", ("Police_Force", "police_force")),
    Column("collision_severity", ("Accident_Severity", "accident_severity", "collision_severity")),
    _optional("number_of_vehicles", "Number_of_Vehicles", "number_of_vehicles"),
    _optional("number_of_casualties", "Number_of_Casualties", "number_of_casualties"),
    Column("date", ("Date", "date")),
    _optional("day_of_week", "Day_of_Week", "day_of_week"),
    _optional("time", "Time", "time"),
    _optional("local_authority_district", "Local_Authority_(District)", "local_authority_district"),
    _optional("local_authority_ons_district", "local_authority_ons_district"),
    _optional("local_authority_highway", "Local_Authority_(Highway)", "local_authority_highway"),
    _optional("local_authority_highway_current", "local_authority_highway_current"),
    _optional("first_road_class", "1st_Road_Class", "first_road_class"),
    _optional("first_road_number", "1st_Road_Number", "first_road_number"),
    _optional("road_type", "Road_Type", "road_type"),
    _optional("speed_limit", "Speed_limit", "speed_limit"),
    _optional("junction_detail", "Junction_Detail", "junction_detail"),
    _optional("junction_detail_historic", "junction_detail_historic"),
    _optional("junction_control", "Junction_Control", "junction_control"),
    _optional("second_road_class", "2nd_Road_Class", "second_road_class"),
    _optional("second_road_number", "2nd_Road_Number", "second_road_number"),
    _optional(
        "pedestrian_crossing_human_control",
        "Pedestrian_Crossing-Human_Control",
        "pedestrian_crossing_human_control",
    ),
    _optional(
        "pedestrian_crossing_human_control_historic", "pedestrian_crossing_human_control_historic"
    ),
    _optional(
        "pedestrian_crossing_physical_facilities",
        "Pedestrian_Crossing-Physical_Facilities",
        "pedestrian_crossing_physical_facilities",
    ),
    _optional(
        "pedestrian_crossing_physical_facilities_historic",
        "pedestrian_crossing_physical_facilities_historic",
    ),
    _optional("pedestrian_crossing", "pedestrian_crossing"),
    _optional("light_conditions", "Light_Conditions", "light_conditions"),
    _optional("weather_conditions", "Weather_Conditions", "weather_conditions"),
    _optional("road_surface_conditions", "Road_Surface_Conditions", "road_surface_conditions"),
    _optional(
        "special_conditions_at_site", "Special_Conditions_at_Site", "special_conditions_at_site"
    ),
    _optional("carriageway_hazards", "Carriageway_Hazards", "carriageway_hazards"),
    _optional("carriageway_hazards_historic", "carriageway_hazards_historic"),
    _optional("urban_or_rural_area", "Urban_or_Rural_Area", "urban_or_rural_area"),
    _optional(
        "did_police_officer_attend_scene_of_accident",
        "Did_Police_Officer_Attend_Scene_of_Accident",
        "did_police_officer_attend_scene_of_accident",
        "did_police_officer_attend_scene_of_collision",
    ),
    _optional("trunk_road_flag", "trunk_road_flag"),
    _optional(
        "lsoa_of_accident_location",
        "LSOA_of_Accident_Location",
        "lsoa_of_accident_location",
        "lsoa_of_collision_location",
    ),
    _optional("enhanced_severity_collision", "enhanced_severity_collision"),
    _optional("collision_injury_based", "collision_injury_based"),
    _optional("collision_adjusted_severity_serious", "collision_adjusted_severity_serious"),
    _optional("collision_adjusted_severity_slight", "collision_adjusted_severity_slight"),
)

CASUALTY_COLUMNS = (
    Column("collision_index", _INDEX, key=True),
    _optional("collision_year", *_YEAR),
    _optional("collision_reference", *_REFERENCE),
    Column("vehicle_reference", ("Vehicle_Reference", "vehicle_reference"), key=True),
    Column("casualty_reference", ("Casualty_Reference", "casualty_reference"), key=True),
    _optional("casualty_class", "Casualty_Class", "casualty_class"),
    _optional("sex_of_casualty", "Sex_of_Casualty", "sex_of_casualty"),
    _optional("age_of_casualty", "Age_of_Casualty", "age_of_casualty"),
    _optional("age_band_of_casualty", "Age_Band_of_Casualty", "age_band_of_casualty"),
    Column("casualty_severity", ("Casualty_Severity", "casualty_severity")),
    _optional("pedestrian_location", "Pedestrian_Location", "pedestrian_location"),
    _optional("pedestrian_movement", "Pedestrian_Movement", "pedestrian_movement"),
    _optional("car_passenger", "Car_Passenger", "car_passenger"),
    _optional("bus_or_coach_passenger", "Bus_or_Coach_Passenger", "bus_or_coach_passenger"),
    _optional(
        "pedestrian_road_maintenance_worker",
        "Pedestrian_Road_Maintenance_Worker",
        "pedestrian_road_maintenance_worker",
    ),
    _optional("casualty_type", "Casualty_Type", "casualty_type"),
    _optional("casualty_home_area_type", "Casualty_Home_Area_Type", "casualty_home_area_type"),
    _optional("casualty_imd_decile", "Casualty_IMD_Decile", "casualty_imd_decile"),
    _optional("lsoa_of_casualty", "LSOA_of_Casualty", "lsoa_of_casualty"),
    _optional("enhanced_casualty_severity", "enhanced_casualty_severity"),
    _optional("casualty_injury_based", "casualty_injury_based"),
    _optional("casualty_adjusted_severity_serious", "casualty_adjusted_severity_serious"),
    _optional("casualty_adjusted_severity_slight", "casualty_adjusted_severity_slight"),
    _optional("casualty_distance_banding", "casualty_distance_banding"),
)

TABLE_COLUMNS = {COLLISION: COLLISION_COLUMNS, CASUALTY: CASUALTY_COLUMNS}
ALL_COLUMNS = list(dict.fromkeys(c.name for cols in TABLE_COLUMNS.values() for c in cols))

_DATE = re.compile(r"^(\d{2})/(\d{2})/(\d{4})$")
# The per-year file names DfT publishes: `...-collision-2024.csv`, `...-provisional-2025.csv`.
_FILE_YEAR = re.compile(r"-((?:19|20)\d{2})\.csv$", re.IGNORECASE)
_INDEX_YEAR = re.compile(r"^((?:19|20)\d{2})[0-9A-Za-z]+$")


def _labels(*names: str) -> set[str]:
    return {normalise_label(n) for n in names}


_CASUALTY_MARKERS = _labels("casualty_reference")
_VEHICLE_MARKERS = _labels("vehicle_type", "vehicle_manoeuvre", "engine_capacity_cc")
_FORCE_MARKERS = _labels("police_force")
_SEVERITY_MARKERS = _labels("accident_severity", "collision_severity")


@dataclass(frozen=True)
class YearFile(ParsedFile):
    """A parsed STATS19 file and the calendar year its name is for (None if it names none)."""

    file_year: str | None = None


def file_year(path: Path) -> str | None:
    """`2024` for `dft-road-casualty-statistics-collision-2024.csv`; None for a name that does
    not end in one year (a multi-year extract)."""
    match = _FILE_YEAR.search(path.name)
    return match.group(1) if match else None


def detect_table(source_id: str, path: Path, rows: list[list[str | None]]) -> str:
    """`collision` or `casualty`, from the first rows' header cells."""
    for row in rows[:HEADER_SCAN_ROWS]:
        cells = {normalise_label(c) for c in row if c is not None}
        if cells & _CASUALTY_MARKERS:
            return CASUALTY
        if cells & _FORCE_MARKERS and cells & _SEVERITY_MARKERS:
            return COLLISION
        if cells & _VEHICLE_MARKERS:
            raise IngestError(
                source_id,
                path,
                "a STATS19 vehicle file: this source loads collision and casualty files only",
            )
    raise IngestError(
        source_id,
        path,
        f"no STATS19 collision or casualty header in the first {HEADER_SCAN_ROWS} rows "
        "(expected casualty_reference, or police_force with accident_severity / "
        "collision_severity)",
    )


def parse(path: Path) -> YearFile:
    rows = read_csv_rows(SOURCE_ID, path)
    table = detect_table(SOURCE_ID, path, rows)
    try:
        frame = frame_from_rows(SOURCE_ID, path, rows, TABLE_COLUMNS[table], table)
    except IngestError as exc:
        # CSV files have no sheets: name the table instead.
        problem = exc.problem.replace(f"sheet '{table}'", f"{table} file", 1)
        raise IngestError(SOURCE_ID, path, problem) from exc
    frame.insert(0, TABLE_COLUMN, table)
    # Every batch carries the union of both tables' columns (the other table's stay empty), so
    # raw.road_casualties has the same columns whichever file lands first.
    frame = frame.reindex(columns=[TABLE_COLUMN, *ALL_COLUMNS, LINEAGE_SHEET, LINEAGE_ROW])
    parsed = parsed_file(SOURCE_ID, path, [frame], f"the {table} file")
    return YearFile(parsed.frame, parsed.release, file_year=file_year(path))


def _index_year(index: object) -> str | None:
    match = _INDEX_YEAR.match(str(index).strip()) if isinstance(index, str) else None
    return match.group(1) if match else None


def _date_year(value: object) -> str | None:
    match = _DATE.match(value.strip()) if isinstance(value, str) else None
    return match.group(3) if match else None


def _table_frame(parsed: ParsedFile, table: str) -> pd.DataFrame:
    frame = parsed.frame
    rows = frame[frame[TABLE_COLUMN] == table].copy()
    for column in (c.name for c in TABLE_COLUMNS[table]):
        if column not in rows.columns:
            rows[column] = None
    rows["_index_year"] = [_index_year(v) for v in rows["collision_index"]]
    # The year a row belongs to: its year column where the vintage has one, else the index's.
    rows["_year"] = [
        (y.strip() if isinstance(y, str) else None) or i
        for y, i in zip(rows["collision_year"], rows["_index_year"], strict=True)
    ]
    return rows.astype(object).where(rows.notna(), None)


def quality_frames(parsed: ParsedFile, resolver: ForceResolver) -> dict[str, pd.DataFrame]:
    collisions = _table_frame(parsed, COLLISION)
    collisions["_date_year"] = [_date_year(v) for v in collisions["date"]]
    collisions["_date_year_matches"] = [
        d is None or y is None or d == y
        for d, y in zip(collisions["_date_year"], collisions["_year"], strict=True)
    ]
    casualties = _table_frame(parsed, CASUALTY)
    named_year = getattr(parsed, "file_year", None)
    for frame in (collisions, casualties):
        frame["_year_matches_index"] = [
            y is None or i is None or str(y).strip() == i
            for y, i in zip(frame["collision_year"], frame["_index_year"], strict=True)
        ]
        frame["_year_matches_file"] = [
            named_year is None or y == named_year for y in frame["_year"]
        ]
    codes = stats19_force_codes()
    severities = casualties["casualty_severity"].map(lambda v: str(v).strip())
    table = parsed.frame[TABLE_COLUMN].iloc[0]
    present = {str(v).strip() for v in collisions["police_force"]}
    summary = pd.DataFrame(
        {
            "table": [table],
            "force_areas_present": [
                sum(1 for code, row in codes.items() if row["force_code"] and code in present)
                if table == COLLISION
                else None
            ],
            "fatal_share_of_casualties": [
                float((severities == "1").mean()) if table == CASUALTY else None
            ],
            "killed_or_seriously_injured_share": [
                float(severities.isin(["1", "2"]).mean()) if table == CASUALTY else None
            ],
        }
    )
    return {"collisions": collisions, "casualties": casualties, "file_summary": summary}


def stats19_force_codes() -> dict[str, dict[str, str]]:
    """DfT police_force code -> seed row (force_code empty for the Scottish codes)."""
    return {row["police_force_code"]: row for row in read_seed(FORCE_SEED)}


def quality_parameters(parsed: ParsedFile, resolver: ForceResolver) -> dict[str, Any]:
    codes = stats19_force_codes()
    return {
        "known_police_force_codes": sorted(codes),
        "force_area_police_force_codes": sorted(c for c, r in codes.items() if r["force_code"]),
        "force_count": len(resolver.force_codes),
    }


SPEC = SourceSpec(
    source_id=SOURCE_ID,
    title="Reported road casualties (STATS19): collision and casualty data",
    publisher="Department for Transport",
    cadence="annual",
    file_patterns=("*.csv",),
    parse=parse,
    quality_frames=quality_frames,
    quality_parameters=quality_parameters,
    row_labels=("police_force", "date"),
)
