"""Deterministic sample of the police.uk street-level crime CSVs, as unpacked from the archive.

Writes ``<landing_dir>/street_crime/YYYY-MM/YYYY-MM-<force-slug>-street.csv`` for four forces
(``avon-and-somerset``, ``city-of-london``, ``dyfed-powys``, ``west-yorkshire``) and the 36
months October 2023 - September 2026: 144 files in the genuine layout
(docs/sources/street_crime.md, verified): UTF-8, LF line ends, header ``Crime ID, Month, Reported
by, Falls within, Longitude, Latitude, Location, LSOA code, LSOA name, Crime type, Last outcome
category, Context``.

A subset, said plainly: a police.uk archive holds the trailing 36 months only (not April 2019
onwards), all 43 forces plus British Transport Police and the Police Service of Northern
Ireland, and every record. This sample keeps 4 forces and thins each force-month to one record
in THINNING (40) of what the force recorded, so files hold about 20 (City of London) to 600
(West Yorkshire) rows.

Consistency with the recorded-crime sample
    Each force-month's crime-type means are the force's recorded offences in the quarter
    containing the month (``orchestration.sources.prc_pfa.sample.recorded_counts``, the Home Office
    offence codes mapped to the 14 police.uk types by offence group and subgroup; fraud left
    out, as police.uk has none), divided by 3 and by THINNING. Months after the last quarter the
    recorded-crime sample covers reuse the same quarter a year earlier. Anti-social behaviour is
    added at 22 % of the month's crimes. Every count is a Poisson draw.

Records
    * Crime ID: a 64-character lower-case hex hash (SHA-256 of the seed, force, month and
      record number); blank for anti-social behaviour.
    * Reported by and Falls within: the force's full police.uk name (seed ``force_full_name``:
      "Avon and Somerset Constabulary", "City of London Police", "Dyfed-Powys Police",
      "West Yorkshire Police").
    * Location: a snap point ``On or near <place>`` with longitude/latitude (6 decimals) and its
      LSOA; about 1.5 % of records have no location (coordinates and LSOA blank, Location
      ``No location``).
    * LSOA codes and names are LSOA-like, not real: ``E01`` (England) or ``W01`` (Wales) plus
      six digits from a per-local-authority block, and ``<local authority> 012B`` names. Every
      month here is after June 2023, so all would be 2021 LSOAs.
    * Last outcome category: blank for anti-social behaviour; for crimes drawn from police.uk
      outcome labels, ``Under investigation`` most likely for the latest months and rare for
      the oldest; drugs crimes get drugs possession warnings and local resolutions more often.
    * Context: always blank. Rows within a file are in a shuffled order.
"""

from __future__ import annotations

import csv
import hashlib
import io
import math
import random
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from orchestration.sources.prc_pfa.sample import recorded_counts

SAMPLE_SOURCE_ID = "street_crime"
SEED = "ppf-sample-street-crime-v1"
FIRST_MONTH = date(2023, 10, 1)
LAST_MONTH = date(2026, 9, 1)
THINNING = 40
ASB_SHARE = 0.22
NO_LOCATION_SHARE = 0.015
SLUGS = ("avon-and-somerset", "city-of-london", "dyfed-powys", "west-yorkshire")

HEADER = (
    "Crime ID",
    "Month",
    "Reported by",
    "Falls within",
    "Longitude",
    "Latitude",
    "Location",
    "LSOA code",
    "LSOA name",
    "Crime type",
    "Last outcome category",
    "Context",
)
ASB = "Anti-social behaviour"
# police.uk crime type of a Home Office offence, by subgroup first, then group.
TYPE_BY_SUBGROUP = {
    "Residential burglary": "Burglary",
    "Non-residential burglary": "Burglary",
    "Vehicle offences": "Vehicle crime",
    "Theft from the person": "Theft from the person",
    "Bicycle theft": "Bicycle theft",
    "Shoplifting": "Shoplifting",
    "Other theft offences": "Other theft",
}
TYPE_BY_GROUP = {
    "Violence against the person": "Violence and sexual offences",
    "Sexual offences": "Violence and sexual offences",
    "Robbery": "Robbery",
    "Criminal damage and arson": "Criminal damage and arson",
    "Drug offences": "Drugs",
    "Possession of weapons offences": "Possession of weapons",
    "Public order offences": "Public order",
    "Miscellaneous crimes against society": "Other crime",
}
OTHER_CRIME = "Other crime"
FRAUD_GROUP = "Fraud offences"

# Local authorities per force: (name, LSOA code prefix + first number, LSOAs, lon, lat, spread).
AREAS: dict[str, tuple[tuple[str, str, int, int, float, float, float], ...]] = {
    "avon-and-somerset": (
        ("Bristol", "E01", 14485, 60, -2.590, 51.455, 0.05),
        ("Bath and North East Somerset", "E01", 14370, 25, -2.360, 51.380, 0.08),
        ("North Somerset", "E01", 14760, 25, -2.780, 51.400, 0.08),
        ("South Gloucestershire", "E01", 14890, 35, -2.470, 51.530, 0.07),
        ("Somerset", "E01", 29000, 70, -2.950, 51.100, 0.25),
    ),
    "city-of-london": (("City of London", "E01", 1, 6, -0.0920, 51.5150, 0.006),),
    "dyfed-powys": (
        ("Carmarthenshire", "W01", 1000, 40, -4.200, 51.860, 0.15),
        ("Ceredigion", "W01", 1100, 15, -4.050, 52.250, 0.12),
        ("Pembrokeshire", "W01", 1200, 25, -4.950, 51.800, 0.12),
        ("Powys", "W01", 1300, 30, -3.400, 52.350, 0.25),
    ),
    "west-yorkshire": (
        ("Bradford", "E01", 10568, 60, -1.760, 53.790, 0.06),
        ("Calderdale", "E01", 10975, 25, -1.900, 53.720, 0.06),
        ("Kirklees", "E01", 11060, 50, -1.780, 53.650, 0.07),
        ("Leeds", "E01", 11264, 90, -1.550, 53.800, 0.07),
        ("Wakefield", "E01", 11748, 40, -1.500, 53.680, 0.06),
    ),
}
PLACES = (
    "High Street", "Station Road", "Church Street", "Park Road", "Victoria Road", "Mill Lane",
    "Green Lane", "School Lane", "The Crescent", "Queen Street", "King Street", "New Road",
    "Market Place", "London Road", "Bridge Street", "Manor Road", "Chapel Street", "York Road",
    "Supermarket", "Shopping Area", "Parking Area", "Petrol Station", "Sports/Recreation Area",
    "Nightclub", "Hospital", "Further/Higher Educational Building", "Bus/Coach Station",
    "Theatre/Concert Hall", "Pedestrian Subway", "Police Station",
)  # fmt: skip
OUTCOMES = (
    ("Investigation complete; no suspect identified", 42.0),
    ("Unable to prosecute suspect", 27.0),
    ("Status update unavailable", 4.0),
    ("Court result unavailable", 4.0),
    ("Local resolution", 4.0),
    ("Awaiting court outcome", 3.0),
    ("Offender given a caution", 2.0),
    ("Further investigation is not in the public interest", 2.0),
    ("Formal action is not in the public interest", 2.0),
    ("Action to be taken by another organisation", 2.0),
    ("Further action is not in the public interest", 1.0),
    ("Offender given penalty notice", 1.0),
    ("Suspect charged as part of another case", 1.0),
    ("Offender sent to prison", 1.0),
    ("Offender given community sentence", 1.0),
    ("Offender fined", 1.0),
    ("Offender given suspended prison sentence", 1.0),
    ("Defendant found not guilty", 0.5),
)
DRUGS_OUTCOMES = (
    ("Offender given a drugs possession warning", 20.0),
    ("Local resolution", 15.0),
    ("Awaiting court outcome", 8.0),
)
UNDER_INVESTIGATION = "Under investigation"


@dataclass(frozen=True)
class _SnapPoint:
    place: str
    longitude: float
    latitude: float
    lsoa_code: str
    lsoa_name: str


def months() -> list[date]:
    out, current = [], FIRST_MONTH
    while current <= LAST_MONTH:
        out.append(current)
        current = date(current.year + current.month // 12, current.month % 12 + 1, 1)
    return out


def file_path(landing_dir: Path, month: date, slug: str) -> Path:
    return (
        Path(landing_dir) / SAMPLE_SOURCE_ID / f"{month:%Y-%m}" / f"{month:%Y-%m}-{slug}-street.csv"
    )


def _read_seed(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _crime_type(group: str, subgroup: str) -> str | None:
    if group == FRAUD_GROUP:
        return None
    return TYPE_BY_SUBGROUP.get(subgroup) or TYPE_BY_GROUP.get(group, OTHER_CRIME)


def _quarter_of(month: date) -> tuple[int, int]:
    """(financial year start, financial quarter) of a month; quarter 1 is April to June."""
    fy = month.year if month.month >= 4 else month.year - 1
    return fy, (month.month - 4) % 12 // 3 + 1


def _monthly_means(project_root: Path, forces: dict[str, dict[str, str]]):
    """Mean records per (slug, month, crime type), from the recorded-crime sample."""
    offence_types = {
        r["offence_code"]: _crime_type(r["offence_group"], r["offence_subgroup"])
        for r in _read_seed(project_root / "seeds" / "reference" / "offence_classification.csv")
    }
    counts = recorded_counts(project_root)
    means: dict[tuple[str, date], dict[str, float]] = {}
    for slug in SLUGS:
        crime_name = " ".join(forces[slug]["force_name"].replace("&", " and ").split())
        by_quarter: dict[tuple[int, int], dict[str, int]] = {}
        for (name, code), series in counts.items():
            if name != crime_name:
                continue
            crime_type = offence_types.get(code, OTHER_CRIME)
            if crime_type is None:
                continue
            for quarter, n in series.items():
                types = by_quarter.setdefault(quarter, {})
                types[crime_type] = types.get(crime_type, 0) + max(0, n)
        for month in months():
            fy, q = _quarter_of(month)
            quarter = by_quarter.get((fy, q)) or by_quarter[(fy - 1, q)]
            per_type = {t: n / 3 / THINNING for t, n in quarter.items()}
            per_type[ASB] = ASB_SHARE * sum(per_type.values())
            means[(slug, month)] = per_type
    return means


def _snap_points(slug: str) -> tuple[list[_SnapPoint], list[float]]:
    rng = random.Random(f"{SEED}|places|{slug}")
    points: list[_SnapPoint] = []
    weights: list[float] = []
    for name, prefix, first, count, lon, lat, spread in AREAS[slug]:
        for index in range(count):
            code = f"{prefix}{first + index:06d}"
            lsoa_name = f"{name} {index // 4 + 1:03d}{'ABCDE'[index % 4]}"
            centre = (lon + rng.uniform(-spread, spread), lat + rng.uniform(-spread, spread) / 1.6)
            hot = rng.paretovariate(1.6)
            for place in rng.sample(PLACES, 3):
                points.append(
                    _SnapPoint(
                        place,
                        round(centre[0] + rng.uniform(-0.004, 0.004), 6),
                        round(centre[1] + rng.uniform(-0.003, 0.003), 6),
                        code,
                        lsoa_name,
                    )
                )
                weights.append(hot)
    return points, weights


def _poisson(rng: random.Random, mean: float) -> int:
    if mean <= 0:
        return 0
    if mean < 30:
        limit, k, p = math.exp(-mean), 0, rng.random()
        while p > limit:
            k += 1
            p *= rng.random()
        return k
    return max(0, round(rng.gauss(mean, math.sqrt(mean))))


def _outcome(rng: random.Random, crime_type: str, age_months: int) -> str:
    if rng.random() < 0.6 * math.exp(-age_months / 2.5) + 0.02:
        return UNDER_INVESTIGATION
    table = OUTCOMES + (DRUGS_OUTCOMES if crime_type == "Drugs" else ())
    labels, weights = zip(*table, strict=True)
    return rng.choices(labels, weights)[0]


def _file_rows(
    slug: str,
    force_name: str,
    month: date,
    means: dict[str, float],
    points: tuple[list[_SnapPoint], list[float]],
) -> list[list[str]]:
    rng = random.Random(f"{SEED}|{slug}|{month:%Y-%m}")
    age = (LAST_MONTH.year - month.year) * 12 + LAST_MONTH.month - month.month
    rows: list[list[str]] = []
    for crime_type in sorted(means):
        for _ in range(_poisson(rng, means[crime_type])):
            is_asb = crime_type == ASB
            crime_id = ""
            if not is_asb:
                text = f"{SEED}|{slug}|{month:%Y-%m}|{len(rows)}"
                crime_id = hashlib.sha256(text.encode()).hexdigest()
            if rng.random() < NO_LOCATION_SHARE:
                where = ["", "", "No location", "", ""]
            else:
                point = rng.choices(points[0], points[1])[0]
                where = [
                    f"{point.longitude:.6f}",
                    f"{point.latitude:.6f}",
                    f"On or near {point.place}",
                    point.lsoa_code,
                    point.lsoa_name,
                ]
            outcome = "" if is_asb else _outcome(rng, crime_type, age)
            rows.append(
                [
                    crime_id,
                    f"{month:%Y-%m}",
                    force_name,
                    force_name,
                    *where,
                    crime_type,
                    outcome,
                    "",
                ]
            )
    rng.shuffle(rows)
    return rows


def write_street_crime(landing_dir: Path, project_root: Path) -> list[Path]:
    """Write the 144 sample street CSVs and return their paths (month, then force order)."""
    project_root = Path(project_root)
    seed_rows = _read_seed(project_root / "seeds" / "reference" / "police_force_areas.csv")
    forces = {r["police_uk_slug"]: r for r in seed_rows if r["police_uk_slug"] in SLUGS}
    means = _monthly_means(project_root, forces)
    points = {slug: _snap_points(slug) for slug in SLUGS}
    written = []
    for month in months():
        for slug in SLUGS:
            name = forces[slug]["force_full_name"]
            rows = _file_rows(slug, name, month, means[(slug, month)], points[slug])
            buffer = io.StringIO(newline="")
            writer = csv.writer(buffer, lineterminator="\n")
            writer.writerow(HEADER)
            writer.writerows(rows)
            path = file_path(landing_dir, month, slug)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(buffer.getvalue().encode("utf-8"))
            written.append(path)
    return written


def write_sample(landing_dir: Path, project_root: Path) -> list[Path]:
    """Entry point for orchestration.sample.generate (discovered by SAMPLE_SOURCE_ID)."""
    return write_street_crime(landing_dir, project_root)
