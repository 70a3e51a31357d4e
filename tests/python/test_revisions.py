"""Revisions: a later release of a source that changes one published figure shows in
marts.measure_revisions with its old and new value, and nothing else is listed."""

from __future__ import annotations

import csv
import datetime as dt

import duckdb

from tests.python.conftest import Workspace, seed_csv

FORCE_NAME = "Avon and Somerset Constabulary"
MONTH_LABEL = "Nov-21"
MONTH_START = dt.date(2021, 11, 1)
MOVED = 1000
UNDER_10 = "Calls answered in under 10 seconds"
FROM_10_TO_60 = "Calls answered in 10 to under 60 seconds"


def _force_code(full_name: str) -> str:
    with seed_csv("police_force_areas").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if full_name in (row["force_name"], row["force_full_name"]):
                return row["force_code"]
    raise KeyError(full_name)


def _write_later_release(landing) -> int:
    """Copy the sample 999 file as a later release, moving calls of one force and month from
    the under-10-seconds band to the 10-60 seconds band (totals unchanged). Returns the old
    under-10-seconds count."""
    (original,) = sorted((landing / "calls_999").glob("*.csv"))
    with original.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        fields = reader.fieldnames
        rows = list(reader)
    (row,) = [r for r in rows if r["Force"] == FORCE_NAME and r["Month"] == MONTH_LABEL]
    old_under_10 = int(row[UNDER_10])
    row[UNDER_10] = str(old_under_10 - MOVED)
    row[FROM_10_TO_60] = str(int(row[FROM_10_TO_60]) + MOVED)
    total = int(row["Total calls"])
    for band in (UNDER_10, FROM_10_TO_60):
        share = 100 * int(row[band]) / total
        row["% answered in " + band.removeprefix("Calls answered in ")] = f"{share:.1f}"
    later = original.with_name("police-uk-999-call-answering-data-201226.csv")
    with later.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields)
        writer.writeheader()
        writer.writerows(rows)
    return old_under_10


def test_later_release_lists_the_changed_figures(loaded_copy: Workspace):
    old_under_10 = _write_later_release(loaded_copy.landing)
    force_code = _force_code(FORCE_NAME)

    loaded_copy.ppf("refresh", "--frequency", "monthly")

    con = duckdb.connect(str(loaded_copy.publish_dir / "marts.duckdb"), read_only=True)
    revisions = con.execute(
        "select measure_id, breakdown, geography_level, force_code, period_type, period_start, "
        "period_end, old_value, new_value, old_release, new_release, revision_kind, version_number "
        "from measure_revisions"
    ).fetchall()
    con.close()

    assert revisions, "the changed release produced no revision"
    # Only figures whose period holds the changed month can have changed.
    for row in revisions:
        assert row[5] <= MONTH_START <= row[6], row
        assert row[11] == "source_revision", row
        assert row[9] == dt.date(2026, 11, 19) and row[10] == dt.date(2026, 12, 20), row
        assert row[12] == 2, row
    within_10 = {
        (r[2], r[3]): r
        for r in revisions
        if r[0] == "ppf_999_calls_answered_within_10s" and r[1] == "total" and r[4] == "month"
    }
    force_row = within_10[("police_force_area", force_code)]
    # Same denominator before and after, so the proportion moves with the numerator.
    expected_ratio = (old_under_10 - MOVED) / old_under_10
    assert abs(force_row[8] / force_row[7] - expected_ratio) < 1e-12
    assert ("england_and_wales", None) in within_10
    # No other force's figure changed.
    assert {r[3] for r in revisions if r[2] == "police_force_area"} == {force_code}
