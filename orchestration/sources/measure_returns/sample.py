"""Deterministic sample of the measure returns (docs/measure-returns.md): one CSV per family.

Writes into ``<landing_dir>/measure_returns/`` one file per return family, named
``<family>-DDMMYY.csv`` with the release date 20 November 2026 (``201126``). Every file has the
template's ten columns (``period_start, period_end, force, measure_id, breakdown, value,
numerator, denominator, unit, source_note``) and covers April 2019 (or the measure's start) to the
latest complete period as of the release: October 2026 for monthly returns, July to September
2026 for quarterly ones, 2025/26 for annual (financial-year) ones.

Families (:data:`FAMILIES`; every figure is synthetic except the business cyber breaches)
    101-calls-median-wait: ppf_101_calls_median_wait, monthly, 43 forces, seconds.
    grade-1-attendance: ppf_grade_1_incidents_attended_within_target, monthly from April 2025,
        43 forces, total/urban/rural with numerator (attended within 15 / 20 minutes) and
        denominator (incidents); all-urban forces have no rural row.
    hotspot-patrol-hours: ppf_hotspot_patrol_hours, quarterly from 2024/25 (hotspot funding for
        every force from then is a sample assumption), 43 forces.
    asb-powers: ppf_asb_powers_use_rate, quarterly, 43 forces, rate per 1,000 residents for six
        powers and their total (numerator = uses, denominator = the mid-year population of the
        population sample); respect orders ``[x]`` (not yet available).
    vawg-protection-orders: ppf_vawg_protection_orders, financial years, issued/breached.
    npp-training: ppf_npp_training_completion monthly from April 2025 (cumulative NPP2/3/4
        completions, their total and eligible posts) and ppf_npp_career_pathway_progression
        monthly from April 2026 (cumulative attendees; the start is a sample assumption).
    county-lines: the five ppf_soc_county_lines_* / holders charged measures, quarterly from
        January-March 2020 (the programme began in November 2019), for ten forces taken to be
        County Lines Programme forces (a sample assumption): Metropolitan Police, West Midlands,
        Merseyside, Greater Manchester, West Yorkshire, South Yorkshire, Thames Valley, Essex,
        Kent, Avon and Somerset.
    cps-referrals-and-charges: ppf_cps_charging_decision_referrals (all crimes),
        ..._referrals_vawg and ppf_cps_charges_domestic_abuse_rape_sexual_offences (total,
        domestic_abuse, rape, sexual_offences), quarterly, 43 forces. Rape and sexual-offence
        referrals are a share of the rape and other sexual offences the PRC sample records in the
        quarter (``prc_pfa.recorded_counts``; the same quarter a year earlier where the PRC
        release stops); charges never exceed referrals, VAWG referrals never exceed all
        referrals, and the total is the sum of the three strands.
    soc-disruptions-and-proceeds: ppf_soc_lead_disruptions (total and ``threat:<member>``) and
        ppf_soc_proceeds_of_crime_receipted (total, confiscation/forfeiture orders, pounds),
        financial years.
    drug-treatment-referrals: ncpm_police_referrals_into_drug_treatment, England and Wales,
        quarterly (the figures are England's; noted in source_note).
    cyber-trackers: ncpm_cyber_crime_response_confidence (quarterly, synthetic) and
        ncpm_business_cyber_breaches: the Cyber Security Breaches Survey's published shares of
        UK businesses identifying a breach or attack (46% 2020, 32% 2023, 50% 2024, 43% 2025),
        each cited in source_note, set on the financial year before the survey's publication.

Quirks (deterministic)
    Force named five ways: police.uk full names (101, protection orders, county lines), ONS
    codes (grade 1; Essex and Kent in county lines), ONS names with ``&`` (hotspot), Home Office
    names (ASB, CPS, SOC) and variants (``Dyfed Powys``, ``Avon & Somerset`` in NPP);
    ``England & Wales`` in the cyber file. Header synonyms (``Period start`` ... ``Source note``
    in the hotspot file, ``force_code`` in the grade 1 file). Windows line ends in the 101 file, a
    UTF-8 byte order mark in the CPS file. GSS markers: ``[x]`` for four 101 months a force did
    not supply and for respect orders, ``[c]`` for City of London CPS strands below 3.
"""

from __future__ import annotations

import csv
import io
import math
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from orchestration.sources.population.sample import mid_year_populations
from orchestration.sources.prc_pfa.sample import recorded_counts

__all__ = [
    "COUNTY_LINES_FORCES",
    "FAMILIES",
    "HEADER",
    "RELEASE",
    "SAMPLE_SOURCE_ID",
    "file_name",
    "write_measure_returns",
    "write_sample",
]

SAMPLE_SOURCE_ID = "measure_returns"
SEED = "ppf-sample-measure-returns-v1"
RELEASE = date(2026, 11, 20)
FIRST_MONTH = date(2019, 4, 1)
LAST_MONTH = date(2026, 10, 1)  # the latest complete month before the release
LAST_QUARTER = date(2026, 7, 1)  # July to September 2026
FIRST_FY, LAST_FY = 2019, 2025  # 2019/20 to 2025/26
HEADER = (
    "period_start",
    "period_end",
    "force",
    "measure_id",
    "breakdown",
    "value",
    "numerator",
    "denominator",
    "unit",
    "source_note",
)
TITLE_CASE_HEADER = (
    "Period start",
    "Period end",
    "Force",
    "Measure ID",
    "Breakdown",
    "Value",
    "Numerator",
    "Denominator",
    "Unit",
    "Source note",
)
SYNTHETIC = "sample return, synthetic values"
NATIONAL = "England and Wales"
COUNTY_LINES_FORCES = {  # ONS code -> size relative to the Metropolitan Police
    "E23000001": 1.0,
    "E23000014": 0.45,
    "E23000004": 0.4,
    "E23000005": 0.4,
    "E23000010": 0.3,
    "E23000011": 0.15,
    "E23000029": 0.18,
    "E23000028": 0.2,
    "E23000032": 0.18,
    "E23000036": 0.15,
}
COUNTY_LINES_BY_CODE = frozenset({"E23000028", "E23000032"})  # Essex, Kent returned by code
RURAL_FORCES = {  # share of grade 1 incidents in urban areas, where it is low
    "W15000004": 0.4,
    "E23000009": 0.5,
    "E23000002": 0.5,
    "E23000020": 0.5,
    "E23000035": 0.55,
    "E23000024": 0.55,
    "E23000025": 0.55,
    "E23000016": 0.55,
    "W15000001": 0.55,
}
ALL_URBAN = frozenset({"E23000001", "E23000034"})
NPP_VARIANTS = {"W15000004": "Dyfed Powys", "E23000036": "Avon & Somerset"}
ASB_POWERS = {  # uses per 1,000 residents a quarter
    "criminal_behaviour_orders": 0.004,
    "community_protection_notices": 0.12,
    "civil_injunctions": 0.006,
    "dispersal_powers": 0.07,
    "closure_powers": 0.004,
    "asb_case_reviews": 0.003,
}
SOC_THREATS = {
    "drugs": 0.45,
    "firearms": 0.08,
    "organised_immigration_crime": 0.05,
    "modern_slavery_and_human_trafficking": 0.1,
    "fraud": 0.1,
    "organised_acquisitive_crime": 0.15,
    "money_laundering": 0.07,
}
BUSINESS_BREACHES = (  # survey year, share of UK businesses (%), source
    (
        2020,
        46,
        "Cyber Security Breaches Survey 2020 (DCMS), gov.uk/government/statistics/"
        "cyber-security-breaches-survey-2020",
    ),
    (
        2023,
        32,
        "Cyber Security Breaches Survey 2023 (DSIT), gov.uk/government/statistics/"
        "cyber-security-breaches-survey-2023",
    ),
    (
        2024,
        50,
        "Cyber Security Breaches Survey 2024 (DSIT), gov.uk/government/statistics/"
        "cyber-security-breaches-survey-2024 (technical report)",
    ),
    (
        2025,
        43,
        "Cyber Security Breaches Survey 2025 (DSIT, Home Office co-lead analyst), "
        "gov.uk/government/statistics/cyber-security-breaches-survey-2025 (technical report)",
    ),
)

Row = tuple[str, str, str, str, str, str, str, str, str, str]


@dataclass(frozen=True)
class _Force:
    code: str
    ons_name: str  # ONS spelling: 'Devon & Cornwall', 'London, City of'
    full_name: str  # police.uk: 'Devon & Cornwall Police'
    residents: int

    @property
    def ho_name(self) -> str:  # Home Office spelling: 'Devon and Cornwall'
        return " ".join(self.ons_name.replace("&", " and ").split())


@dataclass(frozen=True)
class Family:
    name: str
    rows: Callable[[Path], list[Row]]
    header: tuple[str, ...] = HEADER
    line_end: str = "\n"
    encoding: str = "utf-8"


# --------------------------------------------------------------------------- periods


def _month_end(start: date) -> date:
    return date(start.year + start.month // 12, start.month % 12 + 1, 1) - timedelta(days=1)


def _months(first: date, last: date) -> list[tuple[date, date]]:
    out, day = [], first
    while day <= last:
        out.append((day, _month_end(day)))
        day = date(day.year + day.month // 12, day.month % 12 + 1, 1)
    return out


def _quarters(first: date, last: date) -> list[tuple[date, date]]:
    out, day = [], first
    while day <= last:
        end = date(day.year + (day.month + 2) // 12, (day.month + 2) % 12 + 1, 1)
        out.append((day, end - timedelta(days=1)))
        day = end
    return out


def _financial_years(first: int = FIRST_FY, last: int = LAST_FY) -> list[tuple[date, date]]:
    return [(date(fy, 4, 1), date(fy + 1, 3, 31)) for fy in range(first, last + 1)]


def _fy_quarter(start: date) -> tuple[int, int]:
    """(financial year start, quarter 1-4) of a quarter starting on `start`."""
    return (start.year - (start.month < 4), (start.month - 4) % 12 // 3 + 1)


# --------------------------------------------------------------------------- helpers


def _forces(project_root: Path) -> list[_Force]:
    path = project_root / "seeds" / "reference" / "police_force_areas.csv"
    with path.open(encoding="utf-8") as handle:
        return [
            _Force(
                r["force_code"],
                r["force_name"],
                r["force_full_name"],
                int(r["census2021_usual_residents"]),
            )
            for r in csv.DictReader(handle)
        ]


def _rng(*parts: object) -> random.Random:
    return random.Random("|".join([SEED, *map(str, parts)]))


def _count(mean: float, rng: random.Random) -> int:
    if mean <= 0:
        return 0
    if mean < 30:  # Poisson (Knuth)
        limit, k, p = math.exp(-mean), 0, rng.random()
        while p > limit:
            k += 1
            p *= rng.random()
        return k
    return max(0, round(rng.gauss(mean, math.sqrt(mean))))


def _row(
    period: tuple[date, date],
    force: str,
    measure_id: str,
    breakdown: str,
    value: str,
    unit: str,
    note: str,
    numerator: str = "",
    denominator: str = "",
) -> Row:
    start, end = period
    return (
        start.isoformat(),
        end.isoformat(),
        force,
        measure_id,
        breakdown,
        value,
        numerator,
        denominator,
        unit,
        note,
    )


# --------------------------------------------------------------------------- families


def _calls_101(project_root: Path) -> list[Row]:
    measure = "ppf_101_calls_median_wait"
    note = f"Force telephony: median seconds from connection to answer of 101 calls ({SYNTHETIC})"
    year_factor = {2019: 1.0, 2020: 0.85, 2021: 1.25, 2022: 1.55, 2023: 1.4, 2024: 1.15}
    forces = _forces(project_root)
    months = _months(FIRST_MONTH, LAST_MONTH)
    pick = _rng("101", "missing")
    missing = {(pick.choice(forces).code, pick.choice(months)[0]) for _ in range(4)}
    rows = []
    for period in months:
        for force in forces:
            if (force.code, period[0]) in missing:
                value = "[x]"
            else:
                base = _rng("101", force.code).uniform(45, 300)
                rng = _rng("101", force.code, period[0])
                season = 1.2 if period[0].month in (6, 7, 8) else 1.0
                factor = year_factor.get(period[0].year, 0.95)
                value = str(round(base * factor * season * rng.uniform(0.85, 1.15)))
            rows.append(_row(period, force.full_name, measure, "total", value, "seconds", note))
    return rows


def _grade_1(project_root: Path) -> list[Row]:
    measure = "ppf_grade_1_incidents_attended_within_target"
    note = (
        "Force command and control: grade 1 incidents attended within 15 minutes (urban) or "
        f"20 minutes (rural) ({SYNTHETIC})"
    )
    rows = []
    for index, period in enumerate(_months(date(2025, 4, 1), LAST_MONTH)):
        for force in _forces(project_root):
            frng = _rng("grade1", force.code)
            per_1000 = frng.uniform(0.9, 1.5)
            urban_share = (
                1.0
                if force.code in ALL_URBAN
                else RURAL_FORCES.get(force.code, frng.uniform(0.65, 0.92))
            )
            targets = {"urban": frng.uniform(0.72, 0.9), "rural": frng.uniform(0.68, 0.88)}
            rng = _rng("grade1", force.code, period[0])
            incidents = _count(force.residents / 1000 * per_1000, rng)
            parts = {"urban": round(incidents * urban_share)}
            parts["rural"] = incidents - parts["urban"]
            attended = {}
            for area, count in parts.items():
                share = min(0.99, targets[area] + 0.002 * index + rng.uniform(-0.03, 0.03))
                attended[area] = round(count * share)
            for breakdown, num, den in (
                ("total", sum(attended.values()), incidents),
                ("urban", attended["urban"], parts["urban"]),
                ("rural", attended["rural"], parts["rural"]),
            ):
                if den == 0:
                    continue  # an all-urban force has no rural incidents and no rural row
                value = f"{num / den:.3f}"
                rows.append(
                    _row(period, force.code, measure, breakdown, value, "proportion", note,
                         str(num), str(den))
                )  # fmt: skip
    return rows


def _hotspot(project_root: Path) -> list[Row]:
    measure = "ppf_hotspot_patrol_hours"
    note = (
        "Hotspot Action Fund patrol return: hours of visible patrol in the force's priority "
        f"hotspot areas ({SYNTHETIC}; every force funded from 2024/25 is a sample assumption)"
    )
    season = {1: 1.0, 2: 1.15, 3: 0.95, 4: 0.9}
    rows = []
    for period in _quarters(date(2024, 4, 1), LAST_QUARTER):
        fy, quarter = _fy_quarter(period[0])
        for force in _forces(project_root):
            base = _rng("hotspot", force.code).uniform(2.5, 6.0) * force.residents / 1000
            noise = _rng("hotspot", force.code, period[0]).uniform(0.9, 1.1)
            hours = base * season[quarter] * (1.08 ** (fy - 2024)) * noise
            rows.append(
                _row(period, force.ons_name, measure, "total", f"{hours:.1f}", "hours", note)
            )
    return rows


def _population(project_root: Path) -> Callable[[str, int], int]:
    populations = mid_year_populations(project_root)
    latest = max(populations)

    def population(code: str, fy: int) -> int:
        return populations[min(fy, latest)][code][0]

    return population


def _asb_powers(project_root: Path) -> list[Row]:
    measure = "ppf_asb_powers_use_rate"
    unit = "rate_per_1000_population"
    note = (
        "Home Office voluntary ASB data return: uses of the power in the quarter per 1,000 "
        f"residents (denominator: ONS mid-year population) ({SYNTHETIC})"
    )
    population = _population(project_root)
    rows = []
    for period in _quarters(FIRST_MONTH, LAST_QUARTER):
        fy, _ = _fy_quarter(period[0])
        for force in _forces(project_root):
            residents = population(force.code, fy)
            level = _rng("asb", force.code).uniform(0.6, 1.5)
            uses = {
                power: _count(
                    rate * level * residents / 1000, _rng("asb", force.code, power, period[0])
                )
                for power, rate in ASB_POWERS.items()
            }
            for breakdown, count in (("total", sum(uses.values())), *uses.items()):
                value = f"{count / residents * 1000:.4f}"
                rows.append(
                    _row(period, force.ho_name, measure, breakdown, value, unit, note, str(count),
                         str(residents))
                )  # fmt: skip
            rows.append(
                _row(period, force.ho_name, measure, "respect_orders", "[x]", unit,
                     "Respect orders not yet available (Crime and Policing Bill)")
            )  # fmt: skip
    return rows


def _vawg_orders(project_root: Path) -> list[Row]:
    measure = "ppf_vawg_protection_orders"
    note = (
        "Force returns: domestic abuse, stalking and sexual harm protection orders issued, and "
        f"breaches recorded, in the financial year ({SYNTHETIC})"
    )
    rows = []
    for period in _financial_years():
        fy = period[0].year
        for force in _forces(project_root):
            rate = _rng("vawg", force.code).uniform(0.00012, 0.0003)
            rng = _rng("vawg", force.code, fy)
            issued = _count(force.residents * rate * 1.06 ** (fy - FIRST_FY), rng)
            breached = round(issued * rng.uniform(0.15, 0.35))
            for breakdown, count in (("issued", issued), ("breached", breached)):
                rows.append(
                    _row(period, force.full_name, measure, breakdown, str(count), "count", note)
                )
    return rows


def _npp(project_root: Path) -> list[Row]:
    training = "ppf_npp_training_completion"
    pathway = "ppf_npp_career_pathway_progression"
    note = (
        "College of Policing NPP return: officers and staff who have completed the portfolio, "
        f"cumulative at the month's end ({SYNTHETIC})"
    )
    pathway_note = (
        "College of Policing NPP career pathway: workforce who have attended a pathway module, "
        f"cumulative at the month's end ({SYNTHETIC}; pathway start April 2026 is a sample "
        "assumption)"
    )
    rows = []
    for index, period in enumerate(_months(date(2025, 4, 1), LAST_MONTH)):
        for force in _forces(project_root):
            name = NPP_VARIANTS.get(force.code, force.ho_name)
            frng = _rng("npp", force.code)
            eligible = round(force.residents * frng.uniform(0.0005, 0.0008))
            if period[0] >= date(2026, 4, 1):
                eligible = round(eligible * 1.04)
            progress = 1 - math.exp(-(index + 1) / frng.uniform(8, 14))
            npp2 = round(eligible * 0.8 * progress)
            npp3 = round(eligible * 0.12 * progress)
            npp4 = round(eligible * 0.02 * progress)
            for breakdown, count in (
                ("total", npp2 + npp3 + npp4),
                ("eligible_posts", eligible),
                ("npp2_officers_and_staff", npp2),
                ("npp3_supervisors", npp3),
                ("npp4_senior_officers", npp4),
            ):
                rows.append(_row(period, name, training, breakdown, str(count), "count", note))
            if period[0] >= date(2026, 4, 1):
                step = (period[0].month - 3) / 7
                count = round(eligible * 0.3 * step * frng.uniform(0.7, 1.1))
                rows.append(_row(period, name, pathway, "total", str(count), "count", pathway_note))
    return rows


def _county_lines(project_root: Path) -> list[Row]:
    note = (
        "National County Lines Coordination Centre: activity attributed to the County Lines "
        f"Programme in the quarter ({SYNTHETIC}; programme forces are a sample assumption)"
    )
    met = {
        "ppf_soc_county_lines_closed": 110,
        "ppf_soc_county_lines_arrests": 300,
        "ppf_soc_county_line_holders_charged": 90,
        "ppf_soc_county_lines_safeguarding_referrals": 150,
        "ppf_soc_county_lines_weapons_seized": 45,
    }
    forces = {f.code: f for f in _forces(project_root)}
    rows = []
    for period in _quarters(date(2020, 1, 1), LAST_QUARTER):
        for code, size in COUNTY_LINES_FORCES.items():
            force = forces[code]
            name = code if code in COUNTY_LINES_BY_CODE else force.full_name
            rng = _rng("county_lines", code, period[0])
            counts = {m: _count(mean * size, rng) for m, mean in met.items()}
            arrests = counts["ppf_soc_county_lines_arrests"]
            charged = "ppf_soc_county_line_holders_charged"
            counts[charged] = min(counts[charged], arrests)
            for measure, count in counts.items():
                rows.append(_row(period, name, measure, "total", str(count), "count", note))
    return rows


def _offence_codes(project_root: Path) -> dict[str, set[str]]:
    path = project_root / "seeds" / "reference" / "offence_classification.csv"
    with path.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    return {
        "rape": {r["offence_code"] for r in rows if r["offence_subgroup"] == "Rape offences"},
        "sexual_offences": {
            r["offence_code"] for r in rows if r["offence_subgroup"] == "Other sexual offences"
        },
    }


def _cps(project_root: Path) -> list[Row]:
    note = (
        "Crown Prosecution Service management information: suspects referred by the police for "
        f"a charging decision / authorised for charge in the quarter ({SYNTHETIC})"
    )
    recorded = recorded_counts(project_root)
    codes = _offence_codes(project_root)

    def recorded_in(force: _Force, strand: str, start: date) -> int:
        fy, quarter = _fy_quarter(start)
        total = 0
        for code in codes[strand]:
            series = recorded.get((force.ho_name, code), {})
            total += series.get((fy, quarter), series.get((fy - 1, quarter), 0))
        return total

    referral_share = {"rape": (0.06, 0.10), "sexual_offences": (0.05, 0.09)}
    charge_share = {"domestic_abuse": (0.65, 0.8), "rape": (0.45, 0.65),
                    "sexual_offences": (0.55, 0.75)}  # fmt: skip
    rows = []
    for period in _quarters(FIRST_MONTH, LAST_QUARTER):
        for force in _forces(project_root):
            rng = _rng("cps", force.code, period[0])
            referrals = {
                "domestic_abuse": _count(force.residents * rng.uniform(0.00012, 0.0002), rng)
            }
            for strand, (low, high) in referral_share.items():
                referrals[strand] = round(
                    recorded_in(force, strand, period[0]) * rng.uniform(low, high)
                )
            charges = {s: round(n * rng.uniform(*charge_share[s])) for s, n in referrals.items()}
            all_referrals = round(sum(referrals.values()) / rng.uniform(0.28, 0.38))
            rows.append(
                _row(period, force.ho_name, "ppf_cps_charging_decision_referrals", "total",
                     str(all_referrals), "count", note)
            )  # fmt: skip
            for measure, strands in (
                ("ppf_cps_charging_decision_referrals_vawg", referrals),
                ("ppf_cps_charges_domestic_abuse_rape_sexual_offences", charges),
            ):
                rows.append(
                    _row(period, force.ho_name, measure, "total", str(sum(strands.values())),
                         "count", note)
                )  # fmt: skip
                for strand, count in strands.items():
                    small = force.code == "E23000034" and count < 3
                    value = "[c]" if small else str(count)
                    rows.append(_row(period, force.ho_name, measure, strand, value, "count", note))
    return rows


def _soc(project_root: Path) -> list[Row]:
    disruptions = "ppf_soc_lead_disruptions"
    proceeds = "ppf_soc_proceeds_of_crime_receipted"
    note = f"National Crime Agency partner disruption records, lead agency the force ({SYNTHETIC})"
    proceeds_note = (
        "Joint Asset Recovery Database: receipts from confiscation and forfeiture orders, "
        f"pounds ({SYNTHETIC})"
    )
    rows = []
    for period in _financial_years():
        fy = period[0].year
        for force in _forces(project_root):
            frng = _rng("soc", force.code)
            rate, confiscation, forfeiture = (
                frng.uniform(0.00005, 0.0001),
                frng.uniform(0.4, 1.2),
                frng.uniform(0.2, 0.7),
            )
            rng = _rng("soc", force.code, fy)
            threats = {t: _count(force.residents * rate * w, rng) for t, w in SOC_THREATS.items()}
            rows.append(
                _row(period, force.ho_name, disruptions, "total", str(sum(threats.values())),
                     "count", note)
            )  # fmt: skip
            for threat, count in threats.items():
                rows.append(
                    _row(period, force.ho_name, disruptions, f"threat:{threat}", str(count),
                         "count", note)
                )  # fmt: skip
            pounds = {
                "confiscation_orders": round(
                    force.residents * confiscation * rng.uniform(0.6, 1.4), 2
                ),
                "forfeiture_orders": round(force.residents * forfeiture * rng.uniform(0.6, 1.4), 2),
            }
            for breakdown, amount in (("total", sum(pounds.values())), *pounds.items()):
                rows.append(
                    _row(period, force.ho_name, proceeds, breakdown, f"{amount:.2f}",
                         "pounds_sterling", proceeds_note)
                )  # fmt: skip
    return rows


def _drug_treatment(project_root: Path) -> list[Row]:
    measure = "ncpm_police_referrals_into_drug_treatment"
    note = (
        "OHID National Drug Treatment Monitoring System: adults starting treatment referred by "
        f"the police; England only, Welsh forces not yet included ({SYNTHETIC})"
    )
    rows = []
    for period in _quarters(FIRST_MONTH, LAST_QUARTER):
        fy, _ = _fy_quarter(period[0])
        rng = _rng("drug_treatment", period[0])
        dip = 0.7 if period[0] == date(2020, 4, 1) else 1.0
        count = round(3500 * 1.04 ** (fy - FIRST_FY) * dip * rng.uniform(0.95, 1.05))
        rows.append(_row(period, NATIONAL, measure, "total", str(count), "count", note))
    return rows


def _cyber(project_root: Path) -> list[Row]:
    label = "England & Wales"
    confidence = "ncpm_cyber_crime_response_confidence"
    note = (
        "Cyber Aware tracker: adults confident in the law enforcement response to cyber crime, "
        f"% ({SYNTHETIC}; the tracker's figures were not found in a public source)"
    )
    rows = []
    for period in _quarters(FIRST_MONTH, LAST_QUARTER):
        fy, _ = _fy_quarter(period[0])
        rng = _rng("cyber", period[0])
        value = 36.0 + 0.6 * (fy - FIRST_FY) + rng.uniform(-1.5, 1.5)
        rows.append(_row(period, label, confidence, "total", f"{value:.1f}", "percentage", note))
    for year, share, source in BUSINESS_BREACHES:
        rows.append(
            _row(
                (date(year - 1, 4, 1), date(year, 3, 31)),
                label,
                "ncpm_business_cyber_breaches",
                "total",
                str(share),
                "percentage",
                f"{source}: {share}% of UK businesses identified a cyber breach or attack in the "
                "12 months before interview (UK-wide survey; period set to the financial year "
                "before publication, a warehouse convention)",
            )
        )
    return rows


FAMILIES: tuple[Family, ...] = (
    Family("101-calls-median-wait", _calls_101, line_end="\r\n"),
    Family("grade-1-attendance", _grade_1, header=("period_start", "period_end", "force_code",
                                                   *HEADER[3:])),
    Family("hotspot-patrol-hours", _hotspot, header=TITLE_CASE_HEADER),
    Family("asb-powers", _asb_powers),
    Family("vawg-protection-orders", _vawg_orders),
    Family("npp-training", _npp),
    Family("county-lines", _county_lines),
    Family("cps-referrals-and-charges", _cps, encoding="utf-8-sig"),
    Family("soc-disruptions-and-proceeds", _soc),
    Family("drug-treatment-referrals", _drug_treatment),
    Family("cyber-trackers", _cyber),
)  # fmt: skip


def file_name(family: Family, release: date = RELEASE) -> str:
    return f"{family.name}-{release:%d%m%y}.csv"


def _csv_text(family: Family, rows: Iterator[Row] | list[Row]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator=family.line_end)
    writer.writerow(family.header)
    writer.writerows(rows)
    return buffer.getvalue()


def write_measure_returns(landing_dir: Path, project_root: Path) -> list[Path]:
    """Write one return file per family; return the paths in family order."""
    project_root = Path(project_root)
    folder = Path(landing_dir) / SAMPLE_SOURCE_ID
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for family in FAMILIES:
        path = folder / file_name(family)
        partial = path.with_name(path.name + ".partial")
        partial.write_bytes(_csv_text(family, family.rows(project_root)).encode(family.encoding))
        partial.replace(path)
        paths.append(path)
    return paths


def write_sample(landing_dir: Path, project_root: Path) -> list[Path]:
    """Entry point for orchestration.sample.generate (discovered by SAMPLE_SOURCE_ID)."""
    return write_measure_returns(landing_dir, project_root)
