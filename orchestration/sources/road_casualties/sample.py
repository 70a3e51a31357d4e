"""Deterministic sample of the DfT road casualty statistics (STATS19) collision and casualty CSVs.

Writes into ``<landing_dir>/road_casualties/`` one collision file and one casualty file per
calendar year 2019-2025, named as DfT names them (``dft-road-casualty-statistics-accident-YYYY.csv``
before the 2024 rename, ``...-collision-YYYY.csv`` after; ``...-casualty-YYYY.csv``), with 2025
provisional (``...-collision-provisional-2025.csv``, ``...-casualty-provisional-2025.csv``): the
latest year as of a release in autumn 2026 under the brief of this sample.

Header vintages by year, as published (docs/sources/road_casualties.md)
    * 2019-2020: capitalised ``Accident_Index, Location_Easting_OSGR, ..., Police_Force,
      Accident_Severity, ..., Local_Authority_(District), 1st_Road_Class, ...``; no year or
      reference column (the year is the index's first four characters).
    * 2021-2023: snake case ``accident_index, accident_year, accident_reference, ...,
      accident_severity, ..., trunk_road_flag, lsoa_of_accident_location``.
    * 2024-2025: ``collision_index, collision_year, collision_ref_no, ..., collision_severity``
      plus ``enhanced_severity_collision``, ``collision_injury_based``, the CRASH adjustment
      probabilities (``collision_adjusted_severity_serious`` / ``_slight`` and
      ``casualty_adjusted_severity_serious`` / ``_slight``) and the ``_historic`` columns.

Rows
    One row per collision and one per casualty. Police forces are DfT's integer codes (the 43
    England and Wales forces of ``seeds/source_labels/stats19_police_forces.csv`` plus the Scottish
    codes 91-98). Collisions a year: 0.034 per 1,000 Census 2021 residents (about 1/50 of the real
    Great Britain volume) times a per-force level (0.75-1.3) and a year factor (2020 and 2021
    lower, as in the pandemic years); City of London and the Scottish codes have fixed volumes.
    About 2,000 collisions and 2,700 casualties a year, about 33,000 rows in all. Collision
    severity: 1.4% fatal, 21.6% serious; each collision has 1-4 casualties, the first with the
    collision's severity, the others no more severe. ``number_of_casualties`` equals the casualty
    rows written for the collision.

Quirks (deterministic)
    * ``-1`` (missing or out of range) in coded fields: sex (1%), age and age band (2%), speed
      limit (0.3%), deprivation decile (5%), ``second_road_class`` away from junctions, LSOA of
      Scottish collisions; ``enhanced_severity_collision`` is always ``-1``.
    * ``NULL`` in all four coordinates of 0.4% of collisions.
    * Dates ``dd/mm/yyyy``, times ``HH:MM``; day of week 1 = Sunday ... 7 = Saturday.
    * CRASH adjustment (2024-2025 only): fatal casualties and collisions leave both
      probabilities empty (an assumption, U); injury-based forces write 1/0 for serious and 0/1
      for slight; other forces (the Scottish codes and a few others) write probabilities.

The back years are identical in every sample release (real releases revise them).
"""

from __future__ import annotations

import csv
import math
import random
from datetime import date, timedelta
from pathlib import Path

__all__ = [
    "CASUALTY_HEADERS",
    "COLLISION_HEADERS",
    "PROVISIONAL_YEARS",
    "SAMPLE_SOURCE_ID",
    "YEARS",
    "file_names",
    "vintage",
    "write_sample",
]

SAMPLE_SOURCE_ID = "road_casualties"
SEED = "ppf-sample-road-casualties-v1"
YEARS = tuple(range(2019, 2026))
PROVISIONAL_YEARS = frozenset({2025})
RATE_PER_1000 = 0.034
YEAR_FACTOR = {2019: 1.0, 2020: 0.79, 2021: 0.88, 2022: 0.91, 2023: 0.90, 2024: 0.88, 2025: 0.86}
FIXED_ANNUAL = {
    "48": 9.0,  # City of London: a busy centre with few residents
    "91": 8.0,
    "92": 12.0,
    "93": 10.0,
    "94": 8.0,
    "95": 25.0,
    "96": 7.0,
    "97": 55.0,
    "98": 5.0,
}
NOT_INJURY_BASED = frozenset({"91", "92", "93", "94", "95", "96", "97", "98", "17", "55"})

OLD_COLLISION = (
    "Accident_Index", "Location_Easting_OSGR", "Location_Northing_OSGR", "Longitude", "Latitude",
    "Police_Force", "Accident_Severity", "Number_of_Vehicles", "Number_of_Casualties", "Date",
    "Day_of_Week", "Time", "Local_Authority_(District)", "Local_Authority_(Highway)",
    "1st_Road_Class", "1st_Road_Number", "Road_Type", "Speed_limit", "Junction_Detail",
    "Junction_Control", "2nd_Road_Class", "2nd_Road_Number", "Pedestrian_Crossing-Human_Control",
    "Pedestrian_Crossing-Physical_Facilities", "Light_Conditions", "Weather_Conditions",
    "Road_Surface_Conditions", "Special_Conditions_at_Site", "Carriageway_Hazards",
    "Urban_or_Rural_Area", "Did_Police_Officer_Attend_Scene_of_Accident",
    "LSOA_of_Accident_Location",
)  # fmt: skip
SNAKE_COLLISION = (
    "accident_index", "accident_year", "accident_reference", "location_easting_osgr",
    "location_northing_osgr", "longitude", "latitude", "police_force", "accident_severity",
    "number_of_vehicles", "number_of_casualties", "date", "day_of_week", "time",
    "local_authority_district", "local_authority_ons_district", "local_authority_highway",
    "first_road_class", "first_road_number", "road_type", "speed_limit", "junction_detail",
    "junction_control", "second_road_class", "second_road_number",
    "pedestrian_crossing_human_control", "pedestrian_crossing_physical_facilities",
    "light_conditions", "weather_conditions", "road_surface_conditions",
    "special_conditions_at_site", "carriageway_hazards", "urban_or_rural_area",
    "did_police_officer_attend_scene_of_accident", "trunk_road_flag", "lsoa_of_accident_location",
)  # fmt: skip
NEW_COLLISION = (
    "collision_index", "collision_year", "collision_ref_no", "location_easting_osgr",
    "location_northing_osgr", "longitude", "latitude", "police_force", "collision_severity",
    "number_of_vehicles", "number_of_casualties", "date", "day_of_week", "time",
    "local_authority_district", "local_authority_ons_district", "local_authority_highway",
    "local_authority_highway_current", "first_road_class", "first_road_number", "road_type",
    "speed_limit", "junction_detail_historic", "junction_detail", "junction_control",
    "second_road_class", "second_road_number", "pedestrian_crossing_human_control_historic",
    "pedestrian_crossing_physical_facilities_historic", "pedestrian_crossing", "light_conditions",
    "weather_conditions", "road_surface_conditions", "special_conditions_at_site",
    "carriageway_hazards_historic", "carriageway_hazards", "urban_or_rural_area",
    "did_police_officer_attend_scene_of_accident", "trunk_road_flag",
    "lsoa_of_accident_location", "enhanced_severity_collision", "collision_injury_based",
    "collision_adjusted_severity_serious", "collision_adjusted_severity_slight",
)  # fmt: skip
OLD_CASUALTY = (
    "Accident_Index", "Vehicle_Reference", "Casualty_Reference", "Casualty_Class",
    "Sex_of_Casualty", "Age_of_Casualty", "Age_Band_of_Casualty", "Casualty_Severity",
    "Pedestrian_Location", "Pedestrian_Movement", "Car_Passenger", "Bus_or_Coach_Passenger",
    "Pedestrian_Road_Maintenance_Worker", "Casualty_Type", "Casualty_Home_Area_Type",
    "Casualty_IMD_Decile",
)  # fmt: skip
SNAKE_CASUALTY = (
    "accident_index", "accident_year", "accident_reference", "vehicle_reference",
    "casualty_reference", "casualty_class", "sex_of_casualty", "age_of_casualty",
    "age_band_of_casualty", "casualty_severity", "pedestrian_location", "pedestrian_movement",
    "car_passenger", "bus_or_coach_passenger", "pedestrian_road_maintenance_worker",
    "casualty_type", "casualty_home_area_type", "casualty_imd_decile", "lsoa_of_casualty",
)  # fmt: skip
NEW_CASUALTY = (
    "collision_index", "collision_year", "collision_ref_no", "vehicle_reference",
    "casualty_reference", "casualty_class", "sex_of_casualty", "age_of_casualty",
    "age_band_of_casualty", "casualty_severity", "pedestrian_location", "pedestrian_movement",
    "car_passenger", "bus_or_coach_passenger", "pedestrian_road_maintenance_worker",
    "casualty_type", "casualty_home_area_type", "casualty_imd_decile", "lsoa_of_casualty",
    "enhanced_casualty_severity", "casualty_injury_based", "casualty_adjusted_severity_serious",
    "casualty_adjusted_severity_slight", "casualty_distance_banding",
)  # fmt: skip
COLLISION_HEADERS = {
    "capitalised": OLD_COLLISION,
    "snake": SNAKE_COLLISION,
    "collision": NEW_COLLISION,
}
CASUALTY_HEADERS = {"capitalised": OLD_CASUALTY, "snake": SNAKE_CASUALTY, "collision": NEW_CASUALTY}

# Canonical field -> header in each vintage (only the fields whose names differ).
_RENAMES = {
    "capitalised": {
        "index": "Accident_Index", "severity": "Accident_Severity",
        "local_authority_district": "Local_Authority_(District)",
        "local_authority_highway": "Local_Authority_(Highway)",
        "first_road_class": "1st_Road_Class", "first_road_number": "1st_Road_Number",
        "second_road_class": "2nd_Road_Class", "second_road_number": "2nd_Road_Number",
        "pedestrian_crossing_human_control": "Pedestrian_Crossing-Human_Control",
        "pedestrian_crossing_physical_facilities": "Pedestrian_Crossing-Physical_Facilities",
        "speed_limit": "Speed_limit", "lsoa_of_accident_location": "LSOA_of_Accident_Location",
        "casualty_imd_decile": "Casualty_IMD_Decile",
        "location_easting_osgr": "Location_Easting_OSGR",
        "location_northing_osgr": "Location_Northing_OSGR",
    },
    "snake": {
        "index": "accident_index", "year": "accident_year", "reference": "accident_reference",
        "severity": "accident_severity",
    },
    "collision": {
        "index": "collision_index", "year": "collision_year", "reference": "collision_ref_no",
        "severity": "collision_severity",
    },
}  # fmt: skip

HOUR_WEIGHTS = tuple(
    (h, 2.5 if h in (8, 15, 16, 17, 18) else 1.0 if 6 <= h <= 22 else 0.3) for h in range(24)
)
_LOWER_WORDS = frozenset({"of", "or", "at"})
AGE_BANDS = (
    (5, 1),
    (10, 2),
    (15, 3),
    (20, 4),
    (25, 5),
    (35, 6),
    (45, 7),
    (55, 8),
    (65, 9),
    (75, 10),
)


def vintage(year: int) -> str:
    """Header vintage a year's files are published in."""
    if year <= 2020:
        return "capitalised"
    return "snake" if year <= 2023 else "collision"


def file_names(year: int) -> tuple[str, str]:
    """(collision file, casualty file) names for a year."""
    provisional = "provisional-" if year in PROVISIONAL_YEARS else ""
    collision = "collision" if year >= 2024 else "accident"
    base = "dft-road-casualty-statistics"
    return (
        f"{base}-{collision}-{provisional}{year}.csv",
        f"{base}-casualty-{provisional}{year}.csv",
    )


def _header_name(vintage_name: str, field: str) -> str:
    renamed = _RENAMES[vintage_name].get(field)
    if renamed:
        return renamed
    if vintage_name == "capitalised":
        return "_".join(
            part if part in _LOWER_WORDS else part[:1].upper() + part[1:]
            for part in field.split("_")
        )
    return field


def _read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _forces(project_root: Path) -> list[tuple[str, str, float, str]]:
    """(DfT code, ONS force code or '', annual collision mean in 2019, country) per force."""
    residents = {
        r["force_code"]: float(r["census2021_usual_residents"])
        for r in _read_csv(project_root / "seeds" / "reference" / "police_force_areas.csv")
    }
    out = []
    for row in _read_csv(project_root / "seeds" / "source_labels" / "stats19_police_forces.csv"):
        code = row["police_force_code"]
        level = random.Random(f"{SEED}|level|{code}").uniform(0.75, 1.3)
        if code in FIXED_ANNUAL:
            mean = FIXED_ANNUAL[code]
        else:
            mean = residents[row["force_code"]] / 1000.0 * RATE_PER_1000 * level
        out.append((code, row["force_code"], mean, row["country"]))
    return out


def _poisson(rng: random.Random, mean: float) -> int:
    if mean < 30:
        limit, k, p = math.exp(-mean), 0, rng.random()
        while p > limit:
            k += 1
            p *= rng.random()
        return k
    return max(0, round(rng.gauss(mean, math.sqrt(mean))))


def _pick(rng: random.Random, weighted: tuple[tuple[object, float], ...]) -> object:
    values, weights = zip(*weighted, strict=True)
    return rng.choices(values, weights=weights)[0]


def _age_band(age: int) -> int:
    return next((band for top, band in AGE_BANDS if age <= top), 11)


def _probability(value: float) -> str:
    return f"{value:.6f}".rstrip("0").rstrip(".") if value not in (0.0, 1.0) else str(int(value))


def _geography(code: str, country: str) -> dict[str, object]:
    """A fixed pseudo-centre and area codes per force (plausible shapes, not real places)."""
    rng = random.Random(f"{SEED}|geo|{code}")
    prefix = {"England": "E", "Wales": "W", "Scotland": "S"}[country]
    if country == "Scotland":
        easting, northing = rng.uniform(180_000, 420_000), rng.uniform(700_000, 950_000)
    elif country == "Wales":
        easting, northing = rng.uniform(200_000, 340_000), rng.uniform(180_000, 380_000)
    else:
        easting, northing = rng.uniform(340_000, 620_000), rng.uniform(30_000, 600_000)
    district_type = "12" if country == "Scotland" else "06"
    return {
        "easting": easting,
        "northing": northing,
        "district": rng.randint(1, 940),
        "ons_district": f"{prefix}{district_type}000{rng.randint(100, 999)}",
        "lsoa_prefix": f"{prefix}01" if country != "Scotland" else "",
    }


def _lsoa(rng: random.Random, geo: dict[str, object]) -> str:
    prefix = geo["lsoa_prefix"]
    return f"{prefix}{rng.randint(0, 35_000):06d}" if prefix else "-1"


def _casualty(
    rng: random.Random, ref: int, severity: int, vehicles: int, injury_based: bool, geo: dict
) -> tuple[dict[str, object], float | None]:
    """One casualty's fields and its probability of being serious (None when killed)."""
    klass = int(_pick(rng, ((1, 0.55), (2, 0.3), (3, 0.15))))
    age = rng.randint(1, 92) if rng.random() >= 0.02 else -1
    serious: float | None
    if severity == 1:
        serious, adjusted = None, ("", "")
    elif injury_based:
        serious = 1.0 if severity == 2 else 0.0
        adjusted = ("1", "0") if severity == 2 else ("0", "1")
    else:
        serious = rng.uniform(0.6, 1.0) if severity == 2 else rng.uniform(0.02, 0.3)
        adjusted = (_probability(serious), _probability(1.0 - serious))
    pedestrian = klass == 3
    fields = {
        "vehicle_reference": rng.randint(1, vehicles),
        "casualty_reference": ref,
        "casualty_class": klass,
        "sex_of_casualty": rng.choice((1, 1, 2)) if rng.random() >= 0.01 else -1,
        "age_of_casualty": age,
        "age_band_of_casualty": _age_band(age) if age >= 0 else -1,
        "casualty_severity": severity,
        "pedestrian_location": rng.randint(1, 10) if pedestrian else 0,
        "pedestrian_movement": rng.randint(1, 9) if pedestrian else 0,
        "car_passenger": rng.choice((1, 2)) if klass == 2 else 0,
        "bus_or_coach_passenger": 0,
        "pedestrian_road_maintenance_worker": 0 if pedestrian else -1,
        "casualty_type": 0 if pedestrian else rng.choice((9, 9, 9, 1, 3, 19, 11)),
        "casualty_home_area_type": rng.choice((1, 1, 1, 2, 3)),
        "casualty_imd_decile": rng.randint(1, 10) if rng.random() >= 0.05 else -1,
        "lsoa_of_casualty": _lsoa(rng, geo),
        "enhanced_casualty_severity": -1,
        "casualty_injury_based": 1 if injury_based else 0,
        "casualty_adjusted_severity_serious": adjusted[0],
        "casualty_adjusted_severity_slight": adjusted[1],
        "casualty_distance_banding": rng.randint(1, 5),
    }
    return fields, serious


def _collision(
    rng: random.Random, year: int, code: str, seq: int, geo: dict, injury_based: bool
) -> tuple[dict[str, object], list[dict[str, object]]]:
    """One collision's fields and its casualties' fields."""
    reference = f"{int(code):02d}{seq:07d}"
    when = date(year, 1, 1) + timedelta(days=rng.randrange(365 + (year % 4 == 0)))
    severity = int(_pick(rng, ((1, 0.014), (2, 0.216), (3, 0.77))))
    vehicles = int(_pick(rng, ((1, 0.3), (2, 0.6), (3, 0.08), (4, 0.02))))
    n_casualties = 1 + int(_pick(rng, ((0, 0.75), (1, 0.17), (2, 0.05), (3, 0.03))))
    casualties, serious = [], []
    for ref in range(1, n_casualties + 1):
        other = max(severity, int(_pick(rng, ((2, 0.2), (3, 0.8)))))
        fields, probability = _casualty(
            rng, ref, severity if ref == 1 else other, vehicles, injury_based, geo
        )
        casualties.append(fields)
        if probability is not None:
            serious.append(probability)
    adjusted = ("", "") if severity == 1 else (_probability(max(serious)), "")
    if severity != 1:
        adjusted = (adjusted[0], _probability(1.0 - max(serious)))
    missing = rng.random() < 0.004
    easting = round(geo["easting"] + rng.gauss(0, 12_000))
    northing = round(geo["northing"] + rng.gauss(0, 12_000))
    road_class = int(_pick(rng, ((1, 0.05), (3, 0.45), (4, 0.12), (5, 0.05), (6, 0.33))))
    junction = int(_pick(rng, ((0, 0.55), (3, 0.2), (6, 0.1), (1, 0.05), (9, 0.1))))
    crossing = rng.choice((0, 0, 0, 1, 5))
    collision = {
        "index": f"{year}{reference}",
        "year": year,
        "reference": reference,
        "location_easting_osgr": "NULL" if missing else easting,
        "location_northing_osgr": "NULL" if missing else northing,
        "longitude": "NULL" if missing else f"{-2.0 + (easting - 400_000) / 70_000:.6f}",
        "latitude": "NULL" if missing else f"{49.77 + northing / 111_000:.6f}",
        "police_force": int(code),
        "severity": severity,
        "number_of_vehicles": vehicles,
        "number_of_casualties": n_casualties,
        "date": when.strftime("%d/%m/%Y"),
        "day_of_week": when.isoweekday() % 7 + 1,
        "time": f"{int(_pick(rng, HOUR_WEIGHTS)):02d}:{rng.randrange(60):02d}",
        "local_authority_district": geo["district"],
        "local_authority_ons_district": geo["ons_district"],
        "local_authority_highway": geo["ons_district"],
        "local_authority_highway_current": geo["ons_district"],
        "first_road_class": road_class,
        "first_road_number": 0 if road_class == 6 else rng.randint(1, 6000),
        "road_type": int(_pick(rng, ((6, 0.75), (3, 0.15), (1, 0.06), (2, 0.02), (7, 0.02)))),
        "speed_limit": rng.choice((20, 30, 30, 30, 40, 50, 60, 70))
        if rng.random() >= 0.003
        else -1,
        "junction_detail_historic": junction,
        "junction_detail": junction,
        "junction_control": -1 if junction == 0 else rng.choice((2, 4, 4)),
        "second_road_class": -1 if junction == 0 else rng.choice((3, 4, 6, 6)),
        "second_road_number": -1 if junction == 0 else 0,
        "pedestrian_crossing_human_control_historic": 0,
        "pedestrian_crossing_human_control": 0,
        "pedestrian_crossing_physical_facilities_historic": crossing,
        "pedestrian_crossing_physical_facilities": crossing,
        "pedestrian_crossing": 0 if crossing == 0 else 4,
        "light_conditions": int(_pick(rng, ((1, 0.72), (4, 0.2), (6, 0.06), (5, 0.02)))),
        "weather_conditions": int(_pick(rng, ((1, 0.8), (2, 0.12), (8, 0.04), (9, 0.04)))),
        "road_surface_conditions": rng.choice((1, 1, 1, 2, 2, 3)),
        "special_conditions_at_site": 0,
        "carriageway_hazards_historic": 0,
        "carriageway_hazards": 0,
        "urban_or_rural_area": rng.choice((1, 1, 2)),
        "did_police_officer_attend_scene_of_accident": rng.choice((1, 1, 2, 3)),
        "trunk_road_flag": rng.choice((2, 2, 2, 1)),
        "lsoa_of_accident_location": _lsoa(rng, geo),
        "enhanced_severity_collision": -1,
        "collision_injury_based": 1 if injury_based else 0,
        "collision_adjusted_severity_serious": adjusted[0],
        "collision_adjusted_severity_slight": adjusted[1],
    }
    return collision, casualties


def _collision_rows(year: int, forces: list[tuple[str, str, float, str]]):
    """Yield (collision fields, [casualty fields]) for a year, forces in seed order."""
    for code, _ons, mean, country in forces:
        rng = random.Random(f"{SEED}|{year}|{code}")
        geo = _geography(code, country)
        injury_based = code not in NOT_INJURY_BASED
        for seq in range(1, max(1, _poisson(rng, mean * YEAR_FACTOR[year])) + 1):
            yield _collision(rng, year, code, seq, geo, injury_based)


def _fields_for(header: tuple[str, ...], vintage_name: str, fields: list[str]) -> list[str]:
    """Canonical field for each published header, in header order."""
    by_header = {_header_name(vintage_name, f): f for f in fields}
    return [by_header[h] for h in header]


_COLLISION_FIELDS = [
    "index", "year", "reference", "location_easting_osgr", "location_northing_osgr", "longitude",
    "latitude", "police_force", "severity", "number_of_vehicles", "number_of_casualties", "date",
    "day_of_week", "time", "local_authority_district", "local_authority_ons_district",
    "local_authority_highway", "local_authority_highway_current", "first_road_class",
    "first_road_number", "road_type", "speed_limit", "junction_detail_historic",
    "junction_detail", "junction_control", "second_road_class", "second_road_number",
    "pedestrian_crossing_human_control_historic", "pedestrian_crossing_human_control",
    "pedestrian_crossing_physical_facilities_historic", "pedestrian_crossing_physical_facilities",
    "pedestrian_crossing", "light_conditions", "weather_conditions", "road_surface_conditions",
    "special_conditions_at_site", "carriageway_hazards_historic", "carriageway_hazards",
    "urban_or_rural_area", "did_police_officer_attend_scene_of_accident", "trunk_road_flag",
    "lsoa_of_accident_location", "enhanced_severity_collision", "collision_injury_based",
    "collision_adjusted_severity_serious", "collision_adjusted_severity_slight",
]  # fmt: skip
_CASUALTY_FIELDS = [
    "index", "year", "reference", "vehicle_reference", "casualty_reference", "casualty_class",
    "sex_of_casualty", "age_of_casualty", "age_band_of_casualty", "casualty_severity",
    "pedestrian_location", "pedestrian_movement", "car_passenger", "bus_or_coach_passenger",
    "pedestrian_road_maintenance_worker", "casualty_type", "casualty_home_area_type",
    "casualty_imd_decile", "lsoa_of_casualty", "enhanced_casualty_severity",
    "casualty_injury_based", "casualty_adjusted_severity_serious",
    "casualty_adjusted_severity_slight", "casualty_distance_banding",
]  # fmt: skip


def _write_csv(path: Path, header: tuple[str, ...], rows) -> None:
    tmp = path.with_name(path.name + ".partial")
    with tmp.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)
    tmp.replace(path)


def write_sample(landing_dir: Path, project_root: Path) -> list[Path]:
    """Write the collision and casualty CSVs of every sample year; return their paths."""
    forces = _forces(Path(project_root))
    out_dir = Path(landing_dir) / SAMPLE_SOURCE_ID
    out_dir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for year in YEARS:
        name = vintage(year)
        col_header, cas_header = COLLISION_HEADERS[name], CASUALTY_HEADERS[name]
        col_fields = _fields_for(col_header, name, _COLLISION_FIELDS)
        cas_fields = _fields_for(cas_header, name, _CASUALTY_FIELDS)
        collision_rows, casualty_rows = [], []
        for collision, casualties in _collision_rows(year, forces):
            collision_rows.append([collision[f] for f in col_fields])
            for casualty in casualties:
                values = {**casualty, "index": collision["index"], "year": year}
                values["reference"] = collision["reference"]
                casualty_rows.append([values[f] for f in cas_fields])
        collision_name, casualty_name = file_names(year)
        for file_name, header, rows in (
            (collision_name, col_header, collision_rows),
            (casualty_name, cas_header, casualty_rows),
        ):
            path = out_dir / file_name
            _write_csv(path, header, rows)
            written.append(path)
    return written
