"""`ppf fetch` against a real HTTP server on 127.0.0.1: discovery, download, landing, unpacking.

Nothing here touches the network. A `HostMap` built by each test sends every allow-listed https
URL to the local server as `http://127.0.0.1:<port>/<host>/<path>`; the server answers from
routes the test registers (content API JSON, ONS JSON, HTML pages, ODS/XLSX/CSV/zip files it
generated), so the allow-list, redirect, size and landing rules run exactly as in production.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import stat
import struct
import threading
import time
import zipfile
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import openpyxl
import pytest

from orchestration.fetch import CATALOGUE, FetchOutcome, fetch
from orchestration.fetch.archive import ArchiveLimits, extract_street_files
from orchestration.fetch.download import OFFICIAL_HOSTS, AllowList, HostMap, HttpClient
from orchestration.fetch.errors import ArchiveError, RefusedUrl
from tests.python.conftest import write_prc_workbook

PRC_PAGE = "government/statistical-data-sets/police-recorded-crime-and-outcomes-open-data-tables"
CONTENT_API = "https://www.gov.uk/api/content/"
ASSETS = "https://assets.publishing.service.gov.uk/media"
ONS_PFA = (
    "https://www.ons.gov.uk/peoplepopulationandcommunity/crimeandjustice/datasets/"
    "policeforceareadatatables"
)
STREET_HEADER = (
    "Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,"
    "Crime type,Last outcome category,Context\n"
)
SOURCE_IDS = [
    "prc_pfa",
    "crime_outcomes",
    "knife_offences",
    "firearm_offences",
    "calls_999",
    "workforce",
    "csew",
    "homicide_index",
    "nhs_sharp_admissions",
    "police_complaints",
    "police_misconduct",
    "drug_seizures",
    "road_casualties",
    "population",
    "street_crime",
]


# -- a local web server ---------------------------------------------------------------------


@dataclass
class Route:
    body: bytes = b""
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    last_modified: float | None = None  # set: honour If-Modified-Since with 304
    send_length: bool = True


class FakeWeb:
    """Routes keyed by `/<host><path>[?query]`, the form HostMap sends them in."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.requests: list[tuple[str, dict[str, str]]] = []
        self.base = ""

    @staticmethod
    def key(url: str) -> str:
        parts = urlsplit(url)
        return f"/{parts.hostname}{parts.path}" + (f"?{parts.query}" if parts.query else "")

    def add(self, url: str, body: bytes | str = b"", **kwargs) -> Route:
        data = body.encode() if isinstance(body, str) else body
        route = Route(body=data, **kwargs)
        self.routes[self.key(url)] = route
        return route

    def redirect(self, url: str, location: str, status: int = 302) -> None:
        self.add(url, status=status, headers={"Location": location})

    def hits(self, url: str) -> list[dict[str, str]]:
        return [headers for path, headers in self.requests if path == self.key(url)]

    def hosts_requested(self) -> set[str]:
        return {path.split("/")[1] for path, _ in self.requests}


@pytest.fixture
def web():
    fake = FakeWeb()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            fake.requests.append((self.path, dict(self.headers)))
            route = fake.routes.get(self.path)
            if route is None:
                self._reply(404, b"not found", {})
                return
            since = self.headers.get("If-Modified-Since")
            if (
                route.last_modified is not None
                and since
                and route.last_modified <= parsedate_to_datetime(since).timestamp()
            ):
                self._reply(304, b"", {}, send_length=False)
                return
            self._reply(route.status, route.body, route.headers, route.send_length)

        def _reply(self, status, body, headers, send_length=True) -> None:
            try:
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                if send_length:
                    self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                for start in range(0, len(body), 4096):
                    self.wfile.write(body[start : start + 4096])
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client refused the body (e.g. too large) and hung up

        def log_message(self, *args) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.daemon = True
    thread.start()
    fake.base = f"http://127.0.0.1:{server.server_address[1]}"
    yield fake
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


def client_for(web: FakeWeb, **kwargs) -> HttpClient:
    return HttpClient(host_map=HostMap(web.base), timeout=5, retries=0, **kwargs)


# -- fixture files --------------------------------------------------------------------------


def ods_bytes(tmp_path: Path, name: str, rows: list[list]) -> bytes:
    return write_prc_workbook(tmp_path / "fixtures" / name, rows).read_bytes()


def xlsx_bytes(rows: list[list]) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Table P3"
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def attachment(url: str, title: str) -> dict:
    return {
        "attachment_type": "file",
        "content_type": "application/vnd.oasis.opendocument.spreadsheet",
        "filename": url.rsplit("/", 1)[-1],
        "id": url.rsplit("/", 2)[-2],
        "title": title,
        "url": url,
    }


def content_item(attachments: list[dict], body: str = "") -> str:
    return json.dumps(
        {
            "base_path": "/" + PRC_PAGE,
            "document_type": "statistical_data_set",
            "schema_name": "statistical_data_set",
            "title": "Police recorded crime and outcomes open data tables",
            "details": {"attachments": attachments, "body": body},
        }
    )


def all_files(root: Path) -> dict[str, bytes]:
    """Every file under `root` (dot files too) with its bytes, keyed by relative path."""
    if not root.exists():
        return {}
    return {str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def snapshot(root: Path) -> dict[str, tuple[str, int]]:
    return {
        str(p.relative_to(root)): (sha(p.read_bytes()), p.stat().st_mtime_ns)
        for p in root.rglob("*")
        if p.is_file()
    }


def previous_months(count: int) -> list[str]:
    today = dt.date.today()
    year, month = today.year, today.month
    months = []
    for _ in range(count):
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
        months.append(f"{year:04d}-{month:02d}")
    return months


# -- the PRC data set page ------------------------------------------------------------------

OLD_PRC = f"{ASSETS}/678f0a1b2c3d4e5f60718293/prc-pfa-mar2013-onwards-tables-300125.ods"
NEW_PRC = f"{ASSETS}/6808c1d2e3f4a5b6c7d8e9f0/prc-pfa-mar2013-onwards-tables-230426.ods"
NEW_PRC_XLSX = f"{ASSETS}/6808c1d2e3f4a5b6c7d8e9f1/prc-pfa-mar2013-onwards-tables-230426.xlsx"


def serve_prc_page(web: FakeWeb, tmp_path: Path, **file_kwargs) -> bytes:
    """The data set page listing an older and a newer PRC edition (plus distractors)."""
    new = ods_bytes(
        tmp_path,
        "new.ods",
        [
            [
                "2024/25",
                1,
                "Kent",
                "Assault with injury",
                "Violence against the person",
                "x",
                "8N",
                2417,
            ]
        ],
    )
    old = ods_bytes(
        tmp_path,
        "old.ods",
        [
            [
                "2024/25",
                1,
                "Kent",
                "Assault with injury",
                "Violence against the person",
                "x",
                "8N",
                2400,
            ]
        ],
    )
    attachments = [
        {
            "attachment_type": "html",
            "title": "User guide",
            "url": "https://www.gov.uk/government/statistics/police-recorded-crime-open-data-tables/"
            "police-recorded-crime-and-outcomes-open-data-tables-user-guide",
        },
        attachment(OLD_PRC, "Police recorded crime PFA tables (January 2025)"),
        attachment(NEW_PRC_XLSX, "Police recorded crime PFA tables (April 2026, XLSX)"),
        attachment(NEW_PRC, "Police recorded crime PFA tables (April 2026)"),
        attachment(
            f"{ASSETS}/6808c1d2e3f4a5b6c7d8e9f2/"
            "prc-outcomes-alternate-open-data-mar2017-to-mar2026-tables-230426.ods",
            "Alternate outcomes",
        ),
    ]
    web.add(CONTENT_API + PRC_PAGE, content_item(attachments))
    web.add(OLD_PRC, old)
    web.add(NEW_PRC_XLSX, b"PK not the preferred format")
    web.add(NEW_PRC, new, **file_kwargs)
    return new


# -- tests ----------------------------------------------------------------------------------


def test_allow_list_refuses_everything_but_official_https_hosts():
    allow = AllowList()
    assert allow.check(NEW_PRC) == NEW_PRC
    refused = {
        "https://evil.example.com/prc.ods": "not on the allow-list",
        "https://www.gov.uk.evil.example.com/x.ods": "not on the allow-list",
        "https://gov.uk/x.ods": "not on the allow-list",
        "http://www.gov.uk/x.ods": "only https",
        "ftp://data.police.uk/x.zip": "only https",
        "https://user:secret@www.gov.uk/x.ods": "credentials",
        "https://www.gov.uk:8443/x.ods": "port 8443",
    }
    for url, reason in refused.items():
        with pytest.raises(RefusedUrl, match=reason) as info:
            allow.check(url)
        assert url in str(info.value)
    with pytest.raises(ValueError, match=r"127\.0\.0\.1"):
        HostMap("http://example.com:8080")
    with pytest.raises(ValueError, match=r"127\.0\.0\.1"):
        HostMap("https://127.0.0.1:8443")


def test_catalogue_covers_every_source_with_official_https_urls():
    assert sorted(CATALOGUE) == sorted(SOURCE_IDS)
    allow = AllowList()
    for entry in CATALOGUE.values():
        start = entry.discovery.start_url.format(year=2025, month="2026-09")
        allow.check(start)
        allow.check(entry.landing_page)
        if not entry.verified:
            assert "ssumed" in entry.note, entry.source_id
    assert {urlsplit(CATALOGUE[s].discovery.start_url).hostname for s in CATALOGUE} <= set(
        OFFICIAL_HOSTS
    )


def test_discovers_the_latest_prc_file_from_the_content_api_and_lands_it(web, tmp_path):
    served = serve_prc_page(web, tmp_path)
    landing = tmp_path / "landing"
    messages: list[str] = []

    outcomes = fetch(["prc_pfa"], landing, progress=messages.append, client=client_for(web))

    target = landing / "prc_pfa" / "prc-pfa-mar2013-onwards-tables-230426.ods"
    assert outcomes == [FetchOutcome("prc_pfa", NEW_PRC, target, "downloaded")]
    assert all_files(landing) == {"prc_pfa/prc-pfa-mar2013-onwards-tables-230426.ods": served}
    assert target.read_bytes()[:2] == b"PK"  # a genuine ODS package
    assert web.hits(OLD_PRC) == [] and web.hits(NEW_PRC_XLSX) == []
    assert any("prc_pfa" in m and "downloaded" in m for m in messages)


def test_second_fetch_is_a_no_op_with_and_without_conditional_requests(web, tmp_path):
    landing = tmp_path / "landing"
    # The server honours If-Modified-Since: the second fetch transfers nothing.
    serve_prc_page(web, tmp_path, last_modified=time.time() - 3600)
    first = fetch(["prc_pfa"], landing, client=client_for(web))
    before = snapshot(landing)
    second = fetch(["prc_pfa"], landing, client=client_for(web))
    assert [o.status for o in second] == ["already_present"]
    assert second[0].path == first[0].path
    assert "If-Modified-Since" in web.hits(NEW_PRC)[-1]
    assert snapshot(landing) == before

    # A server that ignores it: the bytes are compared and nothing new lands.
    web.routes[web.key(NEW_PRC)].last_modified = None
    third = fetch(["prc_pfa"], landing, client=client_for(web))
    assert [(o.status, o.path) for o in third] == [("already_present", first[0].path)]
    assert snapshot(landing) == before


def test_a_changed_file_with_the_same_name_lands_as_a_revision(web, tmp_path):
    landing = tmp_path / "landing"
    original = serve_prc_page(web, tmp_path)
    fetch(["prc_pfa"], landing, client=client_for(web))
    revised = original + b"\x00"  # same URL and name, different bytes
    web.routes[web.key(NEW_PRC)].body = revised

    outcomes = fetch(["prc_pfa"], landing, client=client_for(web))

    name = "prc-pfa-mar2013-onwards-tables-230426.ods"
    assert [(o.status, o.path) for o in outcomes] == [
        ("downloaded", landing / "prc_pfa" / "r2" / name)
    ]
    assert all_files(landing) == {f"prc_pfa/{name}": original, f"prc_pfa/r2/{name}": revised}

    again = fetch(["prc_pfa"], landing, client=client_for(web))  # the revision is recognised
    assert [(o.status, o.path) for o in again] == [
        ("already_present", landing / "prc_pfa/r2" / name)
    ]
    web.routes[web.key(NEW_PRC)].body = original  # and so is a return to the first bytes
    back = fetch(["prc_pfa"], landing, client=client_for(web))
    assert [(o.status, o.path) for o in back] == [("already_present", landing / "prc_pfa" / name)]
    assert all_files(landing) == {f"prc_pfa/{name}": original, f"prc_pfa/r2/{name}": revised}


def test_outcome_files_newest_release_per_financial_year_from_2019_20(web, tmp_path):
    def url(name: str) -> str:
        return f"{ASSETS}/{sha(name.encode())[:24]}/{name}"

    names = [
        "prc-outcomes-open-data-mar2019-tables-230426.xlsx",  # before the warehouse's start
        "prc-outcomes-open-data-mar2025-tables-300125.xlsx",  # superseded by 230426
        "prc-outcomes-open-data-mar2025-tables-230426.xlsx",
        "prc-outcomes-open-data-mar2026-tables-230426.xlsx",
        "prc-outcomes-alternate-open-data-mar2017-to-mar2026-tables-230426.ods",
        "prc-supplementary-crime-outcomes-metrics-230426.xlsx",
    ]
    body = "<p>Outcomes:</p>" + "".join(f'<a href="{url(n)}">{n}</a>' for n in names)
    web.add(CONTENT_API + PRC_PAGE, content_item([], body=body))
    for name in names:
        web.add(url(name), f"bytes of {name}")
    landing = tmp_path / "landing"

    outcomes = fetch(["crime_outcomes"], landing, client=client_for(web))

    expected = {
        "prc-outcomes-open-data-mar2025-tables-230426.xlsx",
        "prc-outcomes-open-data-mar2026-tables-230426.xlsx",
    }
    assert {o.status for o in outcomes} == {"downloaded"}
    assert {o.path.name for o in outcomes} == expected
    assert all_files(landing) == {
        f"crime_outcomes/{n}": f"bytes of {n}".encode() for n in sorted(expected)
    }


def test_a_listed_file_on_another_host_is_refused_without_a_request(web, tmp_path):
    evil = "https://evil.example.com/media/prc-pfa-mar2013-onwards-tables-230426.ods"
    web.add(CONTENT_API + PRC_PAGE, content_item([attachment(evil, "Tables")]))
    web.add(evil, b"should never be fetched")
    landing = tmp_path / "landing"

    outcomes = fetch(["prc_pfa"], landing, client=client_for(web))

    assert [(o.status, o.url, o.path) for o in outcomes] == [("failed", evil, None)]
    assert "evil.example.com" in outcomes[0].error and "allow-list" in outcomes[0].error
    assert web.hits(evil) == []
    assert "evil.example.com" not in web.hosts_requested()
    assert all_files(landing) == {}


def test_redirects_are_checked_at_every_hop(web, tmp_path):
    landing = tmp_path / "landing"
    served = serve_prc_page(web, tmp_path)
    moved = f"{ASSETS}/6808c1d2e3f4a5b6c7d8e9ff/prc-pfa-mar2013-onwards-tables-230426.ods"
    web.add(moved, served)
    web.redirect(NEW_PRC, moved)  # allow-listed target: followed, landed under the listed name
    ok = fetch(["prc_pfa"], landing, client=client_for(web))
    assert [(o.status, o.path.name) for o in ok] == [
        ("downloaded", "prc-pfa-mar2013-onwards-tables-230426.ods")
    ]

    for target, reason in (
        ("https://evil.example.com/prc-pfa-mar2013-onwards-tables-230426.ods", "allow-list"),
        ("http://assets.publishing.service.gov.uk/media/x/prc.ods", "only https"),
    ):
        web.redirect(NEW_PRC, target, status=301)
        other = tmp_path / f"landing-{reason[:4]}"
        refused = fetch(["prc_pfa"], other, client=client_for(web))
        assert [o.status for o in refused] == ["failed"]
        assert reason in refused[0].error and "redirected from" in refused[0].error
        assert NEW_PRC in refused[0].error
        assert all_files(other) == {}
    assert "evil.example.com" not in web.hosts_requested()

    web.redirect(NEW_PRC, NEW_PRC)  # a loop ends after the redirect limit
    looped = fetch(["prc_pfa"], tmp_path / "landing-loop", client=client_for(web))
    assert "more than 5 redirects" in looped[0].error
    assert len(web.hits(NEW_PRC)) < 20


@pytest.mark.parametrize("send_length", [True, False], ids=["declared", "streamed"])
def test_an_oversized_file_is_refused_and_leaves_nothing(web, tmp_path, send_length):
    big = b"x" * 5000
    serve_prc_page(web, tmp_path)
    web.add(NEW_PRC, big, send_length=send_length)
    landing = tmp_path / "landing"

    outcomes = fetch(["prc_pfa"], landing, client=client_for(web, max_file_bytes=1000))

    assert [o.status for o in outcomes] == ["failed"]
    reason = "Content-Length 5000 bytes exceeds" if send_length else "more than 1000 bytes"
    assert reason in outcomes[0].error and NEW_PRC in outcomes[0].error
    assert all_files(landing) == {}  # no landed file and no partial file


def test_a_truncated_download_is_refused_and_leaves_nothing(web, tmp_path):
    serve_prc_page(web, tmp_path)
    web.add(NEW_PRC, b"x" * 100, headers={"Content-Length": "5000"}, send_length=False)
    landing = tmp_path / "landing"

    outcomes = fetch(["prc_pfa"], landing, client=client_for(web))

    assert [o.status for o in outcomes] == ["failed"]
    assert "truncated" in outcomes[0].error and NEW_PRC in outcomes[0].error
    assert all_files(landing) == {}


def test_workforce_pools_its_pages_and_takes_the_newest_of_each_table(web, tmp_path):
    year = dt.date.today().year
    fixed = CONTENT_API + "government/statistics/police-workforce-open-data-tables"
    march = (
        CONTENT_API + f"government/statistics/police-workforce-england-and-wales-31-march-{year}"
    )

    def url(name: str) -> str:
        return f"{ASSETS}/{sha(name.encode())[:24]}/{name}"

    older = ["open-data-table-police-workforce-300725.ods"]
    newer = [
        "open-data-table-police-workforce-280126.ods",
        "open-data-table-police-workforce-functions-280126.ods",
    ]
    web.add(fixed, content_item([attachment(url(n), n) for n in older]))
    web.add(march, content_item([attachment(url(n), n) for n in newer]))
    for name in older + newer:
        web.add(url(name), f"ods {name}")
    landing = tmp_path / "landing"

    outcomes = fetch(["workforce"], landing, client=client_for(web))

    assert sorted((o.status, o.path.name) for o in outcomes) == [("downloaded", n) for n in newer]
    assert all_files(landing) == {f"workforce/{n}": f"ods {n}".encode() for n in newer}


def test_every_source_fails_cleanly_when_nothing_is_published(web, tmp_path):
    landing = tmp_path / "landing"

    outcomes = fetch(None, landing, client=client_for(web))

    assert {o.source_id for o in outcomes} == set(SOURCE_IDS)
    assert {o.status for o in outcomes} <= {"failed", "skipped"}
    for outcome in outcomes:
        assert outcome.path is None and outcome.error, outcome
        assert outcome.url.startswith("https://"), outcome
    assert all_files(tmp_path) == {}
    assert web.hosts_requested() <= set(OFFICIAL_HOSTS)


@pytest.mark.parametrize("newest_first", [True, False], ids=["newest_first", "oldest_first"])
def test_ons_dataset_edition_with_the_latest_release_is_fetched(web, tmp_path, newest_first):
    quarters = [(2024, "june", "07"), (2024, "september", "10"), (2024, "december", "01")]
    quarters += [(2025, "march", "04"), (2025, "june", "07"), (2025, "september", "10")]
    quarters += [(2025, "december", "01"), (2026, "march", "04")]
    editions = {}
    for year, month, released in quarters:
        release_year = year + 1 if released == "01" else year
        editions[f"yearending{month}{year}"] = (
            f"{release_year}-{released}-23T06:00:00.000Z",
            f"pfatablesye{month[:3]}{year}.xlsx",
        )
    if newest_first:
        editions = dict(reversed(editions.items()))
    path = urlsplit(ONS_PFA).path
    web.add(
        f"{ONS_PFA}/data",
        json.dumps(
            {
                "type": "dataset_landing_page",
                "uri": path,
                "datasets": [{"uri": f"{path}/{edition}"} for edition in editions],
            }
        ),
    )
    files = {}
    for edition, (released, name) in editions.items():
        web.add(
            f"{ONS_PFA}/{edition}/data",
            json.dumps(
                {
                    "type": "dataset",
                    "uri": f"{path}/{edition}",
                    "description": {"releaseDate": released, "edition": edition},
                    "downloads": [{"file": name, "size": "100"}],
                }
            ),
        )
        files[name] = xlsx_bytes([["Area Code", "Area Name", "Population"], [edition, "x", 1]])
        web.add(f"https://www.ons.gov.uk/file?uri={path}/{edition}/{name}", files[name])
    landing = tmp_path / "landing"

    outcomes = fetch(["population"], landing, client=client_for(web))

    assert [(o.status, o.path.name) for o in outcomes] == [
        ("downloaded", "pfatablesyemar2026.xlsx")
    ]
    assert all_files(landing) == {
        "population/pfatablesyemar2026.xlsx": files["pfatablesyemar2026.xlsx"]
    }
    assert web.hits(f"{ONS_PFA}/yearendingjune2025/data") == []  # middle: not read


def test_year_template_pages_are_probed_newest_first(web, tmp_path):
    template = (
        "government/statistics/police-misconduct-england-and-wales-year-ending-31-march-{year}"
    )
    year = dt.date.today().year - 1  # this year's release is not out: its page is a 404
    names = ["police-misconduct-open-data-tables-mar2025.ods", "misconduct-allegations.ods"]
    urls = [f"{ASSETS}/{sha(n.encode())[:24]}/{n}" for n in names]
    pdf = f"{ASSETS}/aaaaaaaaaaaaaaaaaaaaaaaa/police-misconduct-bulletin.pdf"
    web.add(
        CONTENT_API + template.format(year=year),
        content_item([attachment(u, "Open data") for u in [*urls, pdf]]),
    )
    for name, url in zip(names, urls, strict=True):
        web.add(url, f"ods {name}")
    landing = tmp_path / "landing"

    outcomes = fetch(["police_misconduct"], landing, client=client_for(web))

    assert sorted(o.path.name for o in outcomes) == sorted(names)
    assert {o.status for o in outcomes} == {"downloaded"}
    assert web.hits(CONTENT_API + template.format(year=year + 1))  # probed first, 404
    assert web.hits(pdf) == []


def test_html_listing_followed_to_the_latest_edition(web, tmp_path):
    entry = CATALOGUE["nhs_sharp_admissions"]
    series = entry.discovery.url
    edition = series + "/october-2026"
    csv_url = "https://files.digital.nhs.uk/A1/B2C3D4/hes-assault-by-sharp-object-oct-2026.csv"
    web.add(
        series,
        f'<html><body><a href="/about">About</a><a href="{urlsplit(edition).path}">October 2026'
        f'</a><a href="{series}/september-2026">September 2026</a></body></html>',
    )
    web.add(edition, f'<ul><li><a href="{csv_url}">Sharp object admissions (CSV)</a></li></ul>')
    web.add(csv_url, "month,pfa_code,age_band,admissions\n2026-10,E23000001,Under 25,42\n")
    landing = tmp_path / "landing"

    outcomes = fetch(["nhs_sharp_admissions"], landing, client=client_for(web))

    assert [(o.status, o.url) for o in outcomes] == [("downloaded", csv_url)]
    assert (landing / "nhs_sharp_admissions" / csv_url.rsplit("/", 1)[-1]).is_file()


def test_nothing_matching_on_the_page_is_a_clear_failure(web, tmp_path):
    web.add(CATALOGUE["calls_999"].discovery.url, "<p>No downloads this month.</p>")
    outcomes = fetch(["calls_999"], tmp_path / "landing", client=client_for(web))
    assert [o.status for o in outcomes] == ["failed"]
    assert "no file matching" in outcomes[0].error
    assert CATALOGUE["calls_999"].discovery.url in outcomes[0].error


def test_dft_years_since_2019_and_an_unpublished_last_year_is_skipped(web, tmp_path):
    last = dt.date.today().year - 1
    base = "https://data.dft.gov.uk/road-accidents-safety-data/dft-road-casualty-statistics"
    served = {}
    for year in range(2019, last):
        for kind in ("collision", "casualty"):
            name = f"dft-road-casualty-statistics-{kind}-{year}.csv"
            served[name] = f"{kind}_index,{kind}_year\n{year}01,{year}\n".encode()
            web.add(f"{base}-{kind}-{year}.csv", served[name])
    landing = tmp_path / "landing"

    outcomes = fetch(["road_casualties"], landing, client=client_for(web))

    skipped = [o for o in outcomes if o.status == "skipped"]
    assert sorted(o.url for o in skipped) == sorted(
        f"{base}-{kind}-{last}.csv" for kind in ("collision", "casualty")
    )
    assert all("404" in o.error for o in skipped)
    assert all_files(landing) == {f"road_casualties/{n}": b for n, b in served.items()}
    assert len(outcomes) == len(served) + 2


def test_unknown_source_is_refused_and_measure_returns_has_no_download(tmp_path):
    with pytest.raises(ValueError, match="unknown source id"):
        fetch(["no_such_source"], tmp_path)
    outcomes = fetch(["measure_returns"], tmp_path / "landing")
    assert [(o.source_id, o.status) for o in outcomes] == [("measure_returns", "skipped")]
    assert "no public file" in outcomes[0].error


# -- police.uk archives ---------------------------------------------------------------------


def street_csv(month: str, force: str, rows: int) -> bytes:
    lines = [STREET_HEADER]
    for i in range(rows):
        crime_id = hashlib.sha256(f"{month}{force}{i}".encode()).hexdigest()
        lines.append(
            f"{crime_id},{month},{force} Police,{force} Police,-1.{i:04d},52.{i:04d},"
            f"On or near High Street,E01{i:06d},Somewhere 00{i % 9}A,Burglary,"
            "Investigation complete; no suspect identified,\n"
        )
    return "".join(lines).encode()


def police_archive(months: list[str], changed: str | None = None) -> tuple[bytes, dict]:
    """A police.uk-style archive: street, outcomes and stop-and-search files per month/force."""
    buffer = io.BytesIO()
    street = {}
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for month in months:
            for force in ("kent", "dyfed-powys"):
                data = street_csv(month, force, 20)
                if f"{month}-{force}" == changed:
                    data += b"a,corrected,row,,,,,,,,,\n"
                street[f"{month}/{month}-{force}-street.csv"] = data
                archive.writestr(f"{month}/{month}-{force}-street.csv", data)
                archive.writestr(f"{month}/{month}-{force}-outcomes.csv", b"Crime ID,Month\n")
                archive.writestr(f"{month}/{month}-{force}-stop-and-search.csv", b"Type,Date\n")
    return buffer.getvalue(), street


def test_police_archive_latest_month_extracts_only_street_files(web, tmp_path):
    missing, latest, earlier = previous_months(3)
    data, street = police_archive([earlier, latest])
    archive_url = f"https://data.police.uk/data/archive/{latest}.zip"
    web.add(archive_url, data, last_modified=time.time() - 3600)
    landing = tmp_path / "landing"

    outcomes = fetch(["street_crime"], landing, client=client_for(web))

    assert web.hits(f"https://data.police.uk/data/archive/{missing}.zip")  # probed first
    assert {o.status for o in outcomes} == {"downloaded"}
    assert {o.url for o in outcomes} == {archive_url}
    assert all_files(landing) == {f"street_crime/{k}": v for k, v in street.items()}
    assert sorted(str(o.path.relative_to(landing / "street_crime")) for o in outcomes) == sorted(
        street
    )

    before = snapshot(landing)
    again = fetch(["street_crime"], landing, client=client_for(web))
    assert [(o.status, o.path) for o in again] == [
        ("already_present", landing / "street_crime" / latest)
    ]
    assert "If-Modified-Since" in web.hits(archive_url)[-1]
    assert snapshot(landing) == before


def test_police_archive_with_a_corrected_month_adds_a_revision(web, tmp_path):
    _, latest, earlier = previous_months(3)
    data, street = police_archive([earlier, latest])
    archive_url = f"https://data.police.uk/data/archive/{latest}.zip"
    web.add(archive_url, data)
    landing = tmp_path / "landing"
    fetch(["street_crime"], landing, client=client_for(web))
    corrected, street2 = police_archive([earlier, latest], changed=f"{earlier}-kent")
    web.add(archive_url, corrected)  # re-issued without Last-Modified: bytes are compared

    outcomes = fetch(["street_crime"], landing, client=client_for(web))

    new = [o for o in outcomes if o.status == "downloaded"]
    revision = landing / "street_crime" / earlier / "r2" / f"{earlier}-kent-street.csv"
    assert [o.path for o in new] == [revision]
    assert revision.read_bytes() == street2[f"{earlier}/{earlier}-kent-street.csv"]
    assert len([o for o in outcomes if o.status == "already_present"]) == len(street) - 1
    assert (
        all_files(landing / "street_crime")[f"{earlier}/{earlier}-kent-street.csv"]
        == (street[f"{earlier}/{earlier}-kent-street.csv"])
    )


def test_a_hostile_police_archive_is_refused_and_nothing_lands(web, tmp_path):
    latest = previous_months(1)[0]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(f"{latest}/{latest}-kent-street.csv", street_csv(latest, "kent", 3))
        archive.writestr(f"{latest}/../../../evil.csv", b"escaped")
    archive_url = f"https://data.police.uk/data/archive/{latest}.zip"
    web.add(archive_url, buffer.getvalue())
    landing = tmp_path / "landing"

    outcomes = fetch(["street_crime"], landing, client=client_for(web))

    assert [(o.status, o.url) for o in outcomes] == [("failed", archive_url)]
    assert "path escape" in outcomes[0].error and "evil.csv" in outcomes[0].error
    assert all_files(tmp_path) == {}  # nothing landed, nothing escaped, no work files left


# -- hostile archives, unpacked directly ----------------------------------------------------


def _zip(tmp_path: Path, members: list[tuple[zipfile.ZipInfo | str, bytes]]) -> Path:
    path = tmp_path / "archive" / "2026-09.zip"
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for member, data in members:
            archive.writestr(member, data)
    return path


def _symlink(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name)
    info.create_system = 3
    info.external_attr = (stat.S_IFLNK | 0o777) << 16
    return info


GOOD = ("2026-09/2026-09-kent-street.csv", STREET_HEADER.encode() * 3)


@pytest.mark.parametrize(
    ("case", "reason"),
    [
        ("parent", "path escape"),
        ("nested_parent", "path escape"),
        ("absolute", "absolute path"),
        ("drive", "absolute path"),
        ("symlink", "symbolic link"),
        ("oversized_member", "more than the limit of 1000"),
        ("bomb", "compression bomb"),
        ("too_many", "members is more than the limit of 5"),
        ("total", "expand to 3000 bytes"),
        ("wrong_month", "folder of another month"),
    ],
)
def test_hostile_archives_are_refused_before_extracting_anything(tmp_path, case, reason):
    outside = tmp_path / "outside-evil.csv"
    members: list[tuple[zipfile.ZipInfo | str, bytes]] = [GOOD]
    limits = ArchiveLimits(max_member_bytes=1000, max_members=5, max_total_bytes=2500)
    if case == "parent":
        members.append(("../outside-evil.csv", b"escaped"))
    elif case == "nested_parent":
        members.append(("2026-09/../../outside-evil.csv", b"escaped"))
    elif case == "absolute":
        members.append((str(outside), b"escaped"))
    elif case == "drive":
        members.append(("C:\\outside-evil.csv", b"escaped"))
    elif case == "symlink":
        members.append((_symlink("2026-09/2026-09-dyfed-powys-street.csv"), b"../../../etc/passwd"))
    elif case == "oversized_member":
        members.append(("2026-09/2026-09-dyfed-powys-street.csv", street_csv("2026-09", "d", 40)))
    elif case == "bomb":
        limits = ArchiveLimits(max_ratio=100, ratio_floor_bytes=1 << 20)
        members.append(("2026-09/2026-09-dyfed-powys-street.csv", b"\0" * (4 << 20)))
    elif case == "too_many":
        members += [(f"2026-09/2026-09-force{i}-outcomes.csv", b"x") for i in range(5)]
    elif case == "total":
        limits = ArchiveLimits(max_member_bytes=1000, max_total_bytes=2500)
        members = [(f"2026-09/2026-09-force-{i}-street.csv", b"y" * 1000) for i in range(3)]
    elif case == "wrong_month":
        members.append(("2026-08/2026-09-dyfed-powys-street.csv", b"misfiled"))
    archive = _zip(tmp_path, members)
    out = tmp_path / "out"

    with pytest.raises(ArchiveError, match=reason) as info:
        extract_street_files(archive, out, limits)

    assert "2026-09.zip" in str(info.value)
    assert set(all_files(tmp_path)) == {"archive/2026-09.zip"}
    assert not outside.exists()
    assert not (tmp_path.parent / "outside-evil.csv").exists()


def test_a_member_larger_than_its_header_says_is_refused_and_cleaned_up(tmp_path):
    liar = "2026-09/2026-09-liar-street.csv"
    archive = _zip(tmp_path, [GOOD, (liar, street_csv("2026-09", "liar", 30))])
    data = bytearray(archive.read_bytes())
    # Declare 100 uncompressed bytes for the second member in its local and central headers.
    local = data.index(liar.encode()) - 30  # the name follows the 30-byte local header
    central = data.index(liar.encode(), local + 31) - 46  # and the 46-byte central header
    assert data[local : local + 4] == b"PK\x03\x04" and data[central : central + 4] == b"PK\x01\x02"
    struct.pack_into("<I", data, local + 22, 100)
    struct.pack_into("<I", data, central + 24, 100)
    archive.write_bytes(bytes(data))
    out = tmp_path / "out"

    with pytest.raises(ArchiveError, match="corrupt"):
        extract_street_files(archive, out, ArchiveLimits())

    assert set(all_files(tmp_path)) == {"archive/2026-09.zip"}  # the good member was removed


def test_a_good_archive_extracts_street_files_into_month_folders(tmp_path):
    members = [
        ("2026-08/2026-08-kent-street.csv", street_csv("2026-08", "kent", 5)),
        ("2026-08/2026-08-kent-outcomes.csv", b"Crime ID,Month\n"),
        ("2026-09/", b""),
        ("2026-09/2026-09-city-of-london-street.csv", street_csv("2026-09", "city", 2)),
        ("2026-09/2026-09-city-of-london-stop-and-search.csv", b"Type,Date\n"),
    ]
    archive = _zip(tmp_path, members)
    out = tmp_path / "out"

    files = extract_street_files(archive, out, ArchiveLimits())

    expected = {name: data for name, data in members if name.endswith("-street.csv")}
    assert all_files(out) == expected
    assert {(f.month, f.name, f.sha256) for f in files} == {
        (name[:7], name[8:], sha(data)) for name, data in expected.items()
    }


# -- dry run and the Dagster fetch assets ----------------------------------------------------


def test_dry_run_lists_what_would_be_downloaded_and_lands_nothing(web, tmp_path):
    serve_prc_page(web, tmp_path)
    landing = tmp_path / "landing"

    planned = fetch(["prc_pfa"], landing, client=client_for(web), dry_run=True)

    assert planned == [FetchOutcome("prc_pfa", NEW_PRC, None, "would_download")]
    assert all_files(tmp_path / "landing") == {}
    assert web.hits(NEW_PRC) == []  # only the listing was read
    fetch(["prc_pfa"], landing, client=client_for(web))
    target = landing / "prc_pfa" / "prc-pfa-mar2013-onwards-tables-230426.ods"
    again = fetch(["prc_pfa"], landing, client=client_for(web), dry_run=True)
    assert again == [FetchOutcome("prc_pfa", NEW_PRC, target, "would_check")]


def test_fetch_assets_land_files_and_a_failing_page_holds_back_nothing(web, tmp_path, monkeypatch):
    """prc_pfa's page is served and lands its file; calls_999's page is missing: its fetch check
    fails (ERROR), the run succeeds, and the ingest of both sources still runs."""
    import dagster as dg

    from orchestration.defs.assets.fetch import build_fetch_asset
    from orchestration.defs.assets.ingest import build_ingest_asset
    from orchestration.defs.resources import FetchSettings, RefreshOptions
    from orchestration.sources import SOURCES

    served = serve_prc_page(web, tmp_path)
    monkeypatch.setenv("PPF_LANDING_DIR", str(tmp_path / "landing"))
    monkeypatch.setenv("PPF_WAREHOUSE", str(tmp_path / "ppf.duckdb"))
    assets = [
        build_fetch_asset("prc_pfa"),
        build_fetch_asset("calls_999"),
        build_ingest_asset(SOURCES["prc_pfa"]),
        build_ingest_asset(SOURCES["calls_999"]),
    ]
    result = dg.materialize(
        assets,
        instance=dg.DagsterInstance.ephemeral(),
        resources={
            "refresh_options": RefreshOptions(fetch=True),
            "fetch_settings": FetchSettings(loopback_mirror=web.base),
        },
        raise_on_error=False,
    )

    assert result.success
    checks = {(e.asset_key.path[-1], e.check_name): e for e in result.get_asset_check_evaluations()}
    assert checks[("prc_pfa", "fetch_succeeded")].passed
    failed = checks[("calls_999", "fetch_succeeded")]
    assert not failed.passed and failed.severity == dg.AssetCheckSeverity.ERROR
    assert failed.metadata["errors"].value.startswith("https://"), failed.metadata
    landed = tmp_path / "landing" / "prc_pfa" / "prc-pfa-mar2013-onwards-tables-230426.ods"
    assert landed.read_bytes() == served
    materialized = {e.asset_key.to_user_string() for e in result.get_asset_materialization_events()}
    assert {"raw/prc_pfa", "raw/calls_999"} <= materialized
    assert web.hosts_requested() <= set(OFFICIAL_HOSTS)
