"""Deterministic sample of HES admissions for assault by sharp object (ICD-10 X99) by police
force area of residence, month and age band (CSV).

Writes ``<landing_dir>/nhs_sharp_admissions/hes-assault-by-sharp-object-admissions-by-pfa-
YYYY-MM-DD.csv`` (the release date, 12 November 2026 by default, as an ISO date), one
cumulative CSV re-issuing the provisional series, in the layout the loader assumes (the monthly
file's columns are unverified, docs/sources/nhs_sharp_admissions.md).

Layout
    UTF-8, comma separated, one header row: ``Admission month, PFA code, Police force area of
    residence, Age group, Finished admission episodes``. Rows ordered by month, force area code,
    then age group (under 25 first).

Rows
    April 2019 to September 2026 (90 months; HES lags about two months, so September is the
    latest complete month as of a November release) x the 39 English police force areas (the
    Welsh four are left out: HES covers English hospitals only) x 2 age groups = 7,020 rows.
    Codes and names are the ONS ones from seeds/reference/police_force_areas.csv ("London, City of",
    "Devon & Cornwall").

Magnitudes (consistent with the recorded-crime sample)
    England about 4,200 admissions a year in 2019/20, 42 % of them under 25. A force area's
    share is its share of violence-with-injury offences in the recorded-crime sample
    (``orchestration.sources.prc_pfa.sample.recorded_counts``, 2019/20), weighted up for the big
    conurbations where knife injuries concentrate (Metropolitan Police x2.0, West Midlands
    x1.6, Greater Manchester and Merseyside x1.3, West Yorkshire and South Yorkshire x1.15).
    Trend: under 25s -5 % a year, 25 and over -1.5 % a year; April-June 2020 x0.7 (lockdown);
    summer months +8 %. Each cell is a Poisson draw around its mean.

Quirks (all deterministic)
    a. HES disclosure control: counts 1-7 are written ``*``; other counts are rounded to the
       nearest 5 (0 stays 0). Small force areas are mostly ``*`` or 0.
    b. Age group wording drifts: ``Under 25s`` / ``Aged 25 and over`` before April 2021 (a back
       series appended from an older extract), ``Under 25`` / ``25 and over`` from April 2021.
    c. Month written ``YYYY-MM``.
    d. The lockdown fall in April 2020, seen through the unsuppressed cells only, trips the
       gate's month-on-month warning (England's published admissions fall by more than half).
"""

from __future__ import annotations

import csv
import io
import math
import random
from datetime import date
from pathlib import Path

from orchestration.sources.prc_pfa.sample import recorded_counts

SAMPLE_SOURCE_ID = "nhs_sharp_admissions"
SEED = "ppf-sample-nhs-sharp-admissions-v1"
DEFAULT_RELEASE = date(2026, 11, 12)
FIRST_MONTH = date(2019, 4, 1)
LAST_MONTH = date(2026, 9, 1)
LABEL_CHANGE = date(2021, 4, 1)

HEADER = (
    "Admission month",
    "PFA code",
    "Police force area of residence",
    "Age group",
    "Finished admission episodes",
)
AGE_GROUPS = (
    # canonical, label before LABEL_CHANGE, label from LABEL_CHANGE, share of 2019/20, trend
    ("under_25", "Under 25s", "Under 25", 0.42, -0.05),
    ("25_and_over", "Aged 25 and over", "25 and over", 0.58, -0.015),
)
ENGLAND_ANNUAL = 4200.0
CONURBATION_WEIGHTS = {
    "E23000001": 2.0,  # Metropolitan Police
    "E23000014": 1.6,  # West Midlands
    "E23000005": 1.3,  # Greater Manchester
    "E23000004": 1.3,  # Merseyside
    "E23000010": 1.15,  # West Yorkshire
    "E23000011": 1.15,  # South Yorkshire
}
VIOLENCE_WITH_INJURY = "Violence with injury"
SUMMER = {6: 1.08, 7: 1.08, 8: 1.08}
LOCKDOWN = (date(2020, 4, 1), date(2020, 6, 1), 0.7)
SUPPRESSED = "*"


def months() -> list[date]:
    out, current = [], FIRST_MONTH
    while current <= LAST_MONTH:
        out.append(current)
        current = date(current.year + current.month // 12, current.month % 12 + 1, 1)
    return out


def file_name(release: date = DEFAULT_RELEASE) -> str:
    return f"hes-assault-by-sharp-object-admissions-by-pfa-{release.isoformat()}.csv"


def disclosed(count: int) -> str:
    """HES disclosure control: 1-7 suppressed as `*`, other counts rounded to the nearest 5."""
    if 1 <= count <= 7:
        return SUPPRESSED
    return str(5 * math.floor(count / 5 + 0.5))


def _read_seed(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _force_weights(project_root: Path) -> list[tuple[str, str, float]]:
    """(code, ONS name, share of England's admissions) for the English force areas."""
    forces = [
        r
        for r in _read_seed(project_root / "seeds" / "reference" / "police_force_areas.csv")
        if r["country"] == "England"
    ]
    codes = {
        r["offence_code"]
        for r in _read_seed(project_root / "seeds" / "reference" / "offence_classification.csv")
        if r["offence_subgroup"] == VIOLENCE_WITH_INJURY
    }
    counts = recorded_counts(project_root)
    raw = {}
    for force in forces:
        crime_name = " ".join(force["force_name"].replace("&", " and ").split())
        injuries = sum(
            n
            for (name, code), by_quarter in counts.items()
            if name == crime_name and code in codes
            for (fy, _q), n in by_quarter.items()
            if fy == 2019
        )
        raw[force["force_code"]] = injuries * CONURBATION_WEIGHTS.get(force["force_code"], 1.0)
    total = sum(raw.values()) or 1.0
    return sorted((f["force_code"], f["force_name"], raw[f["force_code"]] / total) for f in forces)


def _rows(project_root: Path) -> list[list[str]]:
    rows = []
    weights = _force_weights(project_root)
    for month in months():
        years = (month.year - 2019) + (month.month - 4) / 12
        season = SUMMER.get(month.month, 1.0)
        lockdown = LOCKDOWN[2] if LOCKDOWN[0] <= month <= LOCKDOWN[1] else 1.0
        for code, name, share in weights:
            for band, old_label, label, band_share, trend in AGE_GROUPS:
                rng = random.Random(f"{SEED}|{code}|{band}|{month.isoformat()}")
                mean = ENGLAND_ANNUAL / 12 * share * band_share * season * lockdown
                mean *= (1 + trend) ** years
                count = _poisson(rng, mean)
                rows.append(
                    [
                        f"{month:%Y-%m}",
                        code,
                        name,
                        old_label if month < LABEL_CHANGE else label,
                        disclosed(count),
                    ]
                )
    return rows


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


def write_nhs_sharp_admissions(
    landing_dir: Path, project_root: Path, release: date = DEFAULT_RELEASE
) -> Path:
    """Write the sample HES extract and return its path."""
    out_dir = Path(landing_dir) / SAMPLE_SOURCE_ID
    out_dir.mkdir(parents=True, exist_ok=True)
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(HEADER)
    writer.writerows(_rows(Path(project_root)))
    path = out_dir / file_name(release)
    path.write_bytes(buffer.getvalue().encode("utf-8"))
    return path


def write_sample(landing_dir: Path, project_root: Path) -> Path:
    """Entry point for orchestration.sample.generate (discovered by SAMPLE_SOURCE_ID)."""
    return write_nhs_sharp_admissions(landing_dir, project_root)
