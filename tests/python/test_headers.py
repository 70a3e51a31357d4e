"""Unit tests for header matching by name (orchestration.ingest.headers.match_header)."""

from __future__ import annotations

import pytest

from orchestration.ingest.headers import HEADER_SCAN_ROWS, Column, match_header
from orchestration.sources.prc_pfa.loader import COLUMNS as PRC_COLUMNS

HEADER = [
    "Financial Year", "Financial Quarter", "Force Name", "Offence Description",
    "Offence Group", "Offence Subgroup", "Offence Code", "Number of Offences",
]  # fmt: skip
CANONICAL = [
    "financial_year", "financial_quarter", "force_name", "offence_description",
    "offence_group", "offence_subgroup", "offence_code", "number_of_offences",
]  # fmt: skip
DATA = ["2024/25", "1", "Kent", "Assault with injury", "Violence against the person",
        "Violence with injury", "8N", "2417"]  # fmt: skip

SMALL = (
    Column("year", ("Financial Year",), key=True),
    Column("force", ("Force Name", "Police Force"), key=True),
    Column("count", ("Number of Offences", "Offence Count")),
    Column("note", ("Notes",), required=False),
)


def test_header_in_row_one():
    match, reason = match_header([HEADER, DATA], PRC_COLUMNS)
    assert reason == ""
    assert match is not None
    assert match.row_index == 0
    assert match.positions == {name: i for i, name in enumerate(CANONICAL)}


def test_header_found_after_title_rows():
    rows = [
        ["Police recorded crime by police force area", None],
        ["Source: Home Office; year ending March 2020", None],
        [None, None],
        ["Police Force", "Offence Count", "Financial Year"],
        ["Kent", "12", "2019/20"],
    ]
    match, reason = match_header(rows, SMALL)
    assert reason == ""
    assert match is not None
    assert match.row_index == 3
    assert match.positions == {"force": 0, "count": 1, "year": 2}


def test_header_order_and_position_come_from_names():
    shuffled = [HEADER[i] for i in (7, 2, 0, 6, 1, 3, 5, 4)]
    match, _ = match_header([[None, *shuffled]], PRC_COLUMNS)
    assert match is not None
    assert match.positions == {
        CANONICAL[j]: position + 1 for position, j in enumerate((7, 2, 0, 6, 1, 3, 5, 4))
    }


@pytest.mark.parametrize(
    "header",
    [
        ["Financial Year1", "Force Name", "Offence Count2"],
        ["Financial Year", "Police Force12", "Number of Offences3"],
        ["FINANCIAL YEAR", " force  name ", "number-of-offences"],
    ],
)
def test_footnote_digits_case_and_spacing_ignored(header):
    match, reason = match_header([["Title"], header], SMALL)
    assert reason == ""
    assert match is not None
    assert match.row_index == 1
    assert match.positions == {"year": 0, "force": 1, "count": 2}


def test_optional_column_mapped_when_present():
    match, _ = match_header([["Financial Year", "Force Name", "Offence Count", "Notes"]], SMALL)
    assert match is not None
    assert match.positions["note"] == 3


def test_missing_and_unmapped_columns_reported():
    rows = [["Title"], ["Financial Year", "Force Name", "Crime Type"], ["2019/20", "Kent", "x"]]
    match, reason = match_header(rows, SMALL)
    assert match is None
    assert reason == "header row 2: missing column(s) 'count'; unmapped column(s) 'Crime Type'"


def test_only_missing_reported():
    match, reason = match_header([["Financial Year", "Force Name"]], SMALL)
    assert match is None
    assert reason == "header row 1: missing column(s) 'count'"


def test_only_unmapped_reported():
    row = ["Financial Year", "Force Name", "Offence Count", "CSP Name"]
    match, reason = match_header([row], SMALL)
    assert match is None
    assert reason == "header row 1: unmapped column(s) 'CSP Name'"


def test_second_column_with_same_meaning_reported():
    row = ["Financial Year", "Force Name", "Police Force", "Offence Count"]
    match, reason = match_header([row], SMALL)
    assert match is None
    assert reason == "header row 1: unmapped column(s) \"Police Force (second 'force' column)\""


def test_prc_header_missing_code_and_unknown_column():
    header = [h if h != "Offence Code" else "Crime Type" for h in HEADER]
    match, reason = match_header([header, DATA], PRC_COLUMNS)
    assert match is None
    assert reason == (
        "header row 1: missing column(s) 'offence_code'; unmapped column(s) 'Crime Type'"
    )


def test_no_header_row():
    rows = [["Police recorded crime"], ["2019/20", "Kent", "12"]]
    match, reason = match_header(rows, SMALL)
    assert match is None
    assert reason == f"no header row found in the first {HEADER_SCAN_ROWS} rows"
    assert match_header([], SMALL) == (None, reason)


def test_header_beyond_scan_window_not_found():
    rows = [[f"title {i}"] for i in range(HEADER_SCAN_ROWS)]
    rows.append(["Financial Year", "Force Name", "Offence Count"])
    match, reason = match_header(rows, SMALL)
    assert match is None
    assert "no header row found" in reason


def test_best_candidate_is_reported():
    rows = [
        ["Force Name", "Something"],
        ["Financial Year", "Force Name", "Other"],
    ]
    match, reason = match_header(rows, SMALL)
    assert match is None
    assert reason == "header row 2: missing column(s) 'count'; unmapped column(s) 'Other'"
