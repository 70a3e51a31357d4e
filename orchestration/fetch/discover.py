"""Find the files of a source's latest release from the publisher's own listing.

Discovery only reads listings (JSON or HTML); it returns `Candidate`s, and the downloader checks
every candidate URL against the allow-list before requesting it, so a listing that links a file
on another host yields a refused, failed outcome, never a request to that host.

Listings (what is verified about each is recorded in each source's `fetch.py`):

* `GovUkContent`: the GOV.UK content API, `https://www.gov.uk/api/content/<page path>`. The JSON
  content item's `details.attachments` is an ordered list of file attachments, each with an
  absolute `url` on assets.publishing.service.gov.uk (and `filename`, `title`, `content_type`);
  publication pages also have `details.documents` (HTML fragments) and every page a
  `details.body` (HTML), whose links are read too. Pages can be fixed paths or year templates
  (`...-year-ending-31-march-{year}`), tried from the current year backwards, newest first.
* `OnsDataset`: an ONS dataset landing page's JSON (`<page>/data`), whose `datasets` list the
  edition pages; each edition's `<uri>/data` JSON lists `downloads[].file` and has
  `description.releaseDate`; a file is downloaded from `https://www.ons.gov.uk/file?uri=<edition
  uri>/<file>`. The edition with the latest release date wins among the first and last three
  listed (the listing order, newest or oldest first, is not verified; either end is read).
* `HtmlPage`: links on an HTML page, optionally after following the first link whose path
  matches a pattern (a series page to its latest edition page).
* `YearlyFiles`: fixed file URLs with a `{year}` (DfT road safety open data), from a first year
  to last year; the last year may not be published yet.
* `MonthlyArchive`: police.uk monthly archives `.../{month}.zip`, latest month first.

Among the files a listing offers, `FilePattern`s pick what to land: the regular expression must
match the whole file name; `select="latest"` keeps, per `series` group (e.g. the financial year of
one outcomes file per year), the file with the latest Home Office release suffix (`release`
group, DDMMYY), then the preferred extension, then the first listed; `select="all"` keeps every
match. A required pattern that matches nothing is an error naming the pattern and the listing.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import TYPE_CHECKING, Any, Protocol
from urllib.parse import parse_qs, quote, unquote, urljoin, urlsplit

from orchestration.fetch.errors import FetchError, NotFound

if TYPE_CHECKING:
    from orchestration.fetch.download import HttpClient

GOVUK = "https://www.gov.uk"
GOVUK_CONTENT_API = "https://www.gov.uk/api/content/"
ONS = "https://www.ons.gov.uk"
LANDABLE_EXTENSIONS = (".ods", ".xlsx", ".xls", ".csv", ".zip")
_SAFE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._()+ -]{0,199}")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}")


@dataclass(frozen=True)
class Link:
    url: str
    filename: str


@dataclass(frozen=True)
class Candidate:
    """A file to fetch. `urls` are alternatives tried in order until one is published (more than
    one only when probing, e.g. the latest police.uk month); `filename` is the name to land
    under (None for archives, which land their members); `optional` turns a 404 into `skipped`
    (not published yet) instead of `failed`."""

    urls: tuple[str, ...]
    filename: str | None
    kind: str = "file"  # file | street_archive
    optional: bool = False


class Discovery(Protocol):
    @property
    def start_url(self) -> str: ...

    def discover(self, client: HttpClient, today: dt.date) -> list[Candidate]: ...


def filename_from_url(url: str) -> str:
    """The file name a URL serves: its last path segment, or for ONS `/file?uri=...` the last
    segment of `uri`."""
    parts = urlsplit(url)
    path = unquote(parts.path)
    if path.rstrip("/").endswith("/file") and parts.query:
        uri = parse_qs(parts.query).get("uri")
        if uri:
            path = uri[0]
    return path.replace("\\", "/").rstrip("/").rsplit("/", 1)[-1]


def is_safe_filename(name: str) -> bool:
    """A plain file name of a type the loaders read: no folders, no dot files, no `..`."""
    return (
        bool(_SAFE_NAME.fullmatch(name))
        and ".." not in name
        and name.lower().endswith(LANDABLE_EXTENSIONS)
    )


class _LinkParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag.lower() != "a":
            return
        for key, value in attrs:
            if key.lower() == "href" and value and value.strip():
                self.hrefs.append(value.strip())


def links_in_html(html: str, base: str) -> list[Link]:
    """Every http(s) link of an HTML document, absolute; http is upgraded to https (the host is
    still checked against the allow-list before any request)."""
    parser = _LinkParser()
    parser.feed(html)
    parser.close()
    links = []
    for href in parser.hrefs:
        url = urljoin(base, href)
        scheme = urlsplit(url).scheme.lower()
        if scheme == "http":
            url = "https" + url[4:]
        elif scheme != "https":
            continue
        links.append(Link(url, filename_from_url(url)))
    return links


@dataclass(frozen=True)
class FilePattern:
    regex: str
    select: str = "latest"  # latest | all
    min_series: int | None = None
    prefer: tuple[str, ...] = (".ods", ".xlsx", ".csv", ".xls", ".zip")
    required: bool = True

    def compiled(self) -> re.Pattern[str]:
        return re.compile(self.regex, re.IGNORECASE)


def release_date(ddmmyy: str | None) -> dt.date | None:
    """Home Office file suffix DDMMYY (`230426` = 2026-04-23) as a date, or None."""
    if not ddmmyy or not re.fullmatch(r"\d{6}", ddmmyy):
        return None
    try:
        return dt.date(2000 + int(ddmmyy[4:]), int(ddmmyy[2:4]), int(ddmmyy[:2]))
    except ValueError:
        return None


def _extension_rank(name: str, prefer: tuple[str, ...]) -> int:
    lowered = name.lower()
    for rank, extension in enumerate(prefer):
        if lowered.endswith(extension):
            return rank
    return len(prefer)


def choose(links: Sequence[Link], patterns: Sequence[FilePattern], where: str) -> list[Link]:
    """The links to fetch among those a listing offers (see the module docstring)."""
    unique: list[Link] = []
    names: set[str] = set()
    for link in links:
        key = link.filename.lower()
        if is_safe_filename(link.filename) and key not in names:
            names.add(key)
            unique.append(link)
    chosen: list[Link] = []
    for pattern in patterns:
        regex = pattern.compiled()
        matches = []
        for index, link in enumerate(unique):
            match = regex.fullmatch(link.filename)
            if not match:
                continue
            series = match.groupdict().get("series")
            if (
                pattern.min_series is not None
                and series is not None
                and series.isdigit()
                and int(series) < pattern.min_series
            ):
                continue
            matches.append((index, link, match))
        if not matches:
            if pattern.required:
                raise FetchError(
                    f"{where}: no file matching {pattern.regex!r} among its "
                    f"{len(unique)} file links"
                )
            continue
        if pattern.select == "all":
            chosen.extend(link for _, link, _ in matches)
            continue
        groups: dict[str | None, list[tuple[int, Link, re.Match[str]]]] = {}
        for item in matches:
            groups.setdefault(item[2].groupdict().get("series"), []).append(item)
        for items in groups.values():
            best = max(
                items,
                key=lambda item: (
                    release_date(item[2].groupdict().get("release")) or dt.date.min,
                    -_extension_rank(item[1].filename, pattern.prefer),
                    -item[0],
                ),
            )
            chosen.append(best[1])
    result: list[Link] = []
    for link in chosen:
        if link not in result:
            result.append(link)
    return result


def _candidates(links: list[Link]) -> list[Candidate]:
    return [Candidate((link.url,), link.filename) for link in links]


def _years(today: dt.date, lookback: int) -> range:
    return range(today.year, today.year - lookback - 1, -1)


@dataclass(frozen=True)
class GovUkContent:
    files: tuple[FilePattern, ...]
    paths: tuple[str, ...] = ()
    year_templates: tuple[str, ...] = ()
    lookback_years: int = 3

    @property
    def start_url(self) -> str:
        first = self.paths[0] if self.paths else self.year_templates[0]
        return GOVUK_CONTENT_API + first.strip("/")

    def page_links(self, client: HttpClient, path: str) -> list[Link]:
        url = GOVUK_CONTENT_API + path.strip("/")
        document = client.get_json(url)
        if not isinstance(document, dict):
            raise FetchError(f"{url}: the content API returned no content item")
        details = document.get("details")
        details = details if isinstance(details, dict) else {}
        links: list[Link] = []
        for attachment in details.get("attachments") or []:
            if isinstance(attachment, dict) and isinstance(attachment.get("url"), str):
                href = urljoin(GOVUK + "/", attachment["url"].strip())
                links.append(Link(href, filename_from_url(href)))
        for fragment in details.get("documents") or []:
            if isinstance(fragment, str):
                links.extend(links_in_html(fragment, GOVUK + "/"))
        if isinstance(details.get("body"), str):
            links.extend(links_in_html(details["body"], GOVUK + "/"))
        return links

    def discover(self, client: HttpClient, today: dt.date) -> list[Candidate]:
        links: list[Link] = []
        pages: list[str] = []
        missing: list[str] = []
        for path in self.paths:
            try:
                links.extend(self.page_links(client, path))
                pages.append(path)
            except NotFound:
                missing.append(path)
        for template in self.year_templates:
            for year in _years(today, self.lookback_years):
                path = template.format(year=year)
                try:
                    links.extend(self.page_links(client, path))
                    pages.append(path)
                    break
                except NotFound:
                    missing.append(path)
        if not pages:
            raise FetchError(
                "no GOV.UK page found (HTTP 404 from the content API for "
                + ", ".join(GOVUK_CONTENT_API + p for p in missing)
                + ")"
            )
        where = "GOV.UK " + " + ".join(GOVUK_CONTENT_API + p for p in pages)
        return _candidates(choose(links, self.files, where))


def _ons_release(page: dict[str, Any]) -> str:
    description = page.get("description")
    value = description.get("releaseDate") if isinstance(description, dict) else None
    return value if isinstance(value, str) and _ISO_DATE.match(value) else ""


@dataclass(frozen=True)
class OnsDataset:
    path: str
    files: tuple[FilePattern, ...]
    editions_each_end: int = 3

    @property
    def start_url(self) -> str:
        return f"{ONS}/{self.path.strip('/')}/data"

    def discover(self, client: HttpClient, today: dt.date) -> list[Candidate]:
        landing = client.get_json(self.start_url)
        if not isinstance(landing, dict):
            raise FetchError(f"{self.start_url}: not an ONS page document")
        editions: list[tuple[str, dict[str, Any]]] = []
        if landing.get("downloads"):
            editions.append((str(landing.get("uri") or "/" + self.path.strip("/")), landing))
        references = [
            item["uri"]
            for item in landing.get("datasets") or []
            if isinstance(item, dict) and isinstance(item.get("uri"), str)
        ]
        # The newest edition is at one end of an ordered list: read a few from each end only.
        ends = references[: self.editions_each_end] + references[-self.editions_each_end :]
        for uri in dict.fromkeys(ends):
            uri = "/" + uri.strip().strip("/")
            page = client.get_json(f"{ONS}{uri}/data")
            if isinstance(page, dict):
                editions.append((str(page.get("uri") or uri), page))
        if not editions:
            raise FetchError(f"{self.start_url}: the ONS page lists no dataset editions")
        best = max(range(len(editions)), key=lambda i: (_ons_release(editions[i][1]), -i))
        uri, page = editions[best]
        uri = "/" + uri.strip().strip("/")
        links = []
        for item in page.get("downloads") or []:
            if isinstance(item, dict) and isinstance(item.get("file"), str):
                name = item["file"].strip().replace("\\", "/").rsplit("/", 1)[-1]
                links.append(Link(f"{ONS}/file?uri={quote(f'{uri}/{name}', safe='/')}", name))
        return _candidates(choose(links, self.files, f"ONS {ONS}{uri}/data"))


@dataclass(frozen=True)
class HtmlPage:
    url: str
    files: tuple[FilePattern, ...]
    follow: str | None = None

    @property
    def start_url(self) -> str:
        return self.url

    def discover(self, client: HttpClient, today: dt.date) -> list[Candidate]:
        where = self.url
        links = links_in_html(client.get_text(self.url), self.url)
        if self.follow:
            regex = re.compile(self.follow)
            followed = [link.url for link in links if regex.search(urlsplit(link.url).path)]
            target = followed[0] if followed else None
            if target is None:
                raise FetchError(f"{self.url}: no link to follow matching {self.follow!r}")
            where = target
            links = links_in_html(client.get_text(target), target)
        return _candidates(choose(links, self.files, where))


@dataclass(frozen=True)
class YearlyFiles:
    templates: tuple[str, ...]
    first_year: int

    @property
    def start_url(self) -> str:
        return self.templates[0]

    def discover(self, client: HttpClient, today: dt.date) -> list[Candidate]:
        last = today.year - 1
        return [
            Candidate((url,), filename_from_url(url), optional=year == last)
            for year in range(self.first_year, last + 1)
            for url in (template.format(year=year) for template in self.templates)
        ]


@dataclass(frozen=True)
class MonthlyArchive:
    template: str
    lookback_months: int = 6

    @property
    def start_url(self) -> str:
        return self.template

    def months(self, today: dt.date) -> list[str]:
        year, month = today.year, today.month
        found = []
        for _ in range(self.lookback_months):
            month -= 1
            if month == 0:
                year, month = year - 1, 12
            found.append(f"{year:04d}-{month:02d}")
        return found

    def discover(self, client: HttpClient, today: dt.date) -> list[Candidate]:
        urls = tuple(self.template.format(month=month) for month in self.months(today))
        return [Candidate(urls, None, kind="street_archive")]
