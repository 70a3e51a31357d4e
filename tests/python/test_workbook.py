"""Unit tests for cell text conversion, label normalisation, release dates and workbook reading."""

from __future__ import annotations

import datetime as dt
import math
import zipfile
from pathlib import Path

import pytest

from orchestration.ingest.cells import cell_to_text, normalise_label
from orchestration.ingest.errors import IngestError
from orchestration.ingest.source import release_from_name
from orchestration.ingest.workbook import read_workbook
from orchestration.sample.ods_writer import write_ods

# --------------------------------------------------------------------------------------------
# cells.cell_to_text
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (0, "0"),
        (2417, "2417"),
        (-2, "-2"),
        (12345678901234, "12345678901234"),
        (2417.0, "2417"),
        (-2.0, "-2"),
        (0.0, "0"),
        (1e15, "1000000000000000"),
        (1.5, "1.5"),
        (0.1, "0.1"),
        (-0.25, "-0.25"),
        (4.1, "4.1"),
        (None, None),
        (math.nan, None),
        (float("nan"), None),
        (True, "TRUE"),
        (False, "FALSE"),
        (dt.datetime(2024, 3, 31, 12, 30, 5), "2024-03-31 12:30:05"),
        (dt.datetime(2024, 3, 31), "2024-03-31 00:00:00"),
        (dt.date(2024, 3, 31), "2024-03-31"),
        (dt.time(9, 15), "09:15:00"),
        ("4.10", "4.10"),
        ("9A", "9A"),
        ("[x]", "[x]"),
        ("Theft Offences", "Theft Offences"),
        ("", None),
        ("   ", None),
    ],
)
def test_cell_to_text(value, expected):
    assert cell_to_text(value) == expected


def test_cell_to_text_bool_is_not_read_as_int():
    # bool is a subclass of int; it must not come out as "1"/"0".
    assert cell_to_text(True) != "1"
    assert cell_to_text(False) != "0"


def test_cell_to_text_integral_float_has_no_decimal_point():
    for number in (1.0, 17.0, 25356.0, -3.0):
        text = cell_to_text(number)
        assert "." not in text
        assert text == str(int(number))


# --------------------------------------------------------------------------------------------
# cells.normalise_label
# --------------------------------------------------------------------------------------------


def test_normalise_label_ampersand_equals_and():
    assert normalise_label("Avon & Somerset") == normalise_label("avon and somerset")
    assert normalise_label("Avon & Somerset") == "avon and somerset"
    assert normalise_label("Devon&Cornwall") == "devon and cornwall"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Dyfed-Powys", "dyfed powys"),
        ("Dyfed Powys", "dyfed powys"),
        ("London, City of", "london city of"),
        ("  Kent  ", "kent"),
        ("THEFT OFFENCES", "theft offences"),
        ("Theft Offences", "theft offences"),
        ("British Transport Police (BTP)", "british transport police btp"),
        ("Offence Count2", "offence count2"),
        (None, ""),
        ("", ""),
    ],
)
def test_normalise_label(value, expected):
    assert normalise_label(value) == expected


# --------------------------------------------------------------------------------------------
# source.release_from_name
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("prc-pfa-mar2013-onwards-tables-230426.ods", "2026-04-23"),
        ("prc-pfa-mar2013-onwards-tables-300125.ods", "2025-01-30"),
        ("prc-pfa-mar2013-onwards-tables-010124.xlsx", "2024-01-01"),
        ("PRC-PFA-MAR2013-ONWARDS-TABLES-230426.ODS", "2026-04-23"),
        ("prc-pfa-mar2013-onwards-tables.ods", None),  # 2020 edition, no suffix
        ("prc-pfa-0203-to-0607-tabs.ods", None),
        ("prc-subcodes-drug-offences-mar2021-to-mar2026.ods", None),
        ("prc-pfa-mar2013-onwards-tables-320126.ods", None),  # no 32nd day
        ("prc-pfa-mar2013-onwards-tables-231326.ods", None),  # no 13th month
        ("prc-pfa-mar2013-onwards-tables-290223.ods", None),  # 2023 is not a leap year
        ("prc-pfa-mar2013-onwards-tables-290224.ods", "2024-02-29"),
        ("prc-pfa-mar2013-onwards-tables-230426.ods.partial", None),
    ],
)
def test_release_from_name(name, expected):
    assert release_from_name(Path(name)) == expected
    assert release_from_name(Path("/landing/prc_pfa") / name) == expected


# --------------------------------------------------------------------------------------------
# workbook.read_workbook
# --------------------------------------------------------------------------------------------


def test_read_workbook_returns_every_sheet_as_text(tmp_path: Path):
    path = tmp_path / "book-230426.ods"
    cover = [["Police recorded crime"], ["Source: Home Office"]]
    data = [
        ["Financial Year", "Financial Quarter", "Offence Code", "Number of Offences"],
        ["2024/25", 1, "4.10", 2417],
        ["2024/25", 2, "4.1", -2],
        ["2024/25", 3, "9A", "[x]"],
    ]
    write_ods(path, [("Cover", cover), ("2024_25", data)])

    sheets = read_workbook("prc_pfa", path)

    assert list(sheets) == ["Cover", "2024_25"]
    assert sheets["Cover"] == cover
    expected = [[v if isinstance(v, str) else str(v) for v in row] for row in data]
    assert sheets["2024_25"] == expected


def test_read_workbook_trims_trailing_empty_rows_and_columns_keeps_leading(tmp_path: Path):
    path = tmp_path / "book.ods"
    rows = [
        [None, None, None],
        ["Title", None, None],
        ["A", "B", None],
        ["x", 1, None],
        [None, None, None],
        ["y", 2, None],
        [None, None, None],
        [None, None, None],
    ]
    write_ods(path, [("2019-20", rows)])
    assert read_workbook("prc_pfa", path)["2019-20"] == [
        [None, None],
        ["Title", None],
        ["A", "B"],
        ["x", "1"],
        [None, None],
        ["y", "2"],
    ]


@pytest.mark.parametrize("suffix", [".csv", ".txt", ".ods.partial"])
def test_read_workbook_unsupported_type(tmp_path: Path, suffix: str):
    path = tmp_path / f"prc-pfa-tables-230426{suffix}"
    path.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(IngestError) as caught:
        read_workbook("prc_pfa", path)
    assert str(caught.value).startswith(f"{path.name} [prc_pfa]: unsupported file type")


def test_read_workbook_plain_zip_is_not_ods(tmp_path: Path):
    path = tmp_path / "book.ods"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("data.csv", "a,b\n1,2\n")
    with pytest.raises(IngestError, match=r"^book\.ods \[prc_pfa\]: zip archive is not an ODS"):
        read_workbook("prc_pfa", path)


def test_read_workbook_ods_without_content(tmp_path: Path):
    path = tmp_path / "book.ods"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
    with pytest.raises(IngestError, match=r"has no content\.xml"):
        read_workbook("prc_pfa", path)


def test_read_workbook_empty_truncated_and_text(tmp_path: Path):
    good = tmp_path / "good.ods"
    write_ods(good, [("2019-20", [["A"], ["x"]])])

    empty = tmp_path / "empty.ods"
    empty.write_bytes(b"")
    truncated = tmp_path / "truncated.ods"
    truncated.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    text = tmp_path / "text.ods"
    text.write_text("Financial Year,Force Name\n2019/20,Kent\n", encoding="utf-8")

    cases = {
        empty: "empty file (0 bytes)",
        truncated: "truncated or corrupt workbook",
        text: "not an ODS workbook: the file is text (CSV?), not a zip",
    }
    for path, problem in cases.items():
        with pytest.raises(IngestError) as caught:
            read_workbook("prc_pfa", path)
        assert str(caught.value).startswith(f"{path.name} [prc_pfa]: {problem}")
        assert caught.value.problem.startswith(problem)
