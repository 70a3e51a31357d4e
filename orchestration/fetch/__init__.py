"""`ppf fetch`: download the latest official files of each source into landing/<source_id>/.

`fetch(source_ids, landing_dir, progress=None, client=None) -> list[FetchOutcome]`

* `source_ids`: catalogue source ids (`catalogue.CATALOGUE`), or None (or empty) for every
  source with a download, in alphabetical order. An unknown id raises ValueError before anything
  is requested; `measure_returns` (no public file) gives one `skipped` outcome.
* For each source: discover the latest files from the publisher's listing (`discover.py`), then
  download each (`download.py`: official https hosts only, checked on every redirect, size and
  time limits) and land it (`landing.py`: never overwriting, same bytes never landed twice, a
  changed file with the same name landed as a revision, `<folder>/r2/<same name>`). A file
  already landed under its name is requested conditionally (If-Modified-Since its landed time),
  so an unchanged file is not transferred again. police.uk archives are unpacked safely
  (`archive.py`) and only their street files land, in `landing/street_crime/YYYY-MM/`; a month
  not landed before appears as a whole folder at once.
* One source's failure never stops the others: it becomes a `failed` outcome whose `error`
  names the URL and the problem. Nothing partial is ever left in landing (work files live in
  `landing/.fetch-work/` and are removed).
* `dry_run`: read the listings only and report what would be downloaded (`would_download`) or
  checked for a newer copy (`would_check`); nothing is downloaded or landed.
* `progress` receives one-line messages; `client` is an `HttpClient` (tests pass one with a
  loopback `HostMap` and small limits; by default the production client).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

from orchestration.fetch.archive import ArchiveLimits, StreetFile, extract_street_files
from orchestration.fetch.catalogue import CATALOGUE, NO_DOWNLOAD, CatalogueEntry
from orchestration.fetch.discover import Candidate, is_safe_filename
from orchestration.fetch.download import HostMap, HttpClient, human_bytes
from orchestration.fetch.errors import FetchError, NotFound
from orchestration.fetch.landing import FetchOutcome, land, landed_variants, newest_mtime

__all__ = ["CATALOGUE", "FetchOutcome", "HostMap", "HttpClient", "fetch", "known_source_ids"]

WORK_DIR = ".fetch-work"
Progress = Callable[[str], None]


def known_source_ids() -> list[str]:
    """Every source id `fetch` knows, including those with no public download."""
    return sorted([*CATALOGUE, *NO_DOWNLOAD])


def fetch(
    source_ids: list[str] | None,
    landing_dir: Path,
    progress: Progress | None = None,
    client: HttpClient | None = None,
    dry_run: bool = False,
) -> list[FetchOutcome]:
    known = set(CATALOGUE) | set(NO_DOWNLOAD)
    wanted = list(dict.fromkeys(source_ids)) if source_ids else sorted(CATALOGUE)
    unknown = [sid for sid in wanted if sid not in known]
    if unknown:
        raise ValueError(
            f"unknown source id(s) {', '.join(unknown)}; known: {', '.join(sorted(known))}"
        )
    say: Progress = progress or (lambda _message: None)
    http = client or HttpClient()
    landing_dir = Path(landing_dir)
    landing_dir.mkdir(parents=True, exist_ok=True)
    today = dt.date.today()
    outcomes: list[FetchOutcome] = []
    for sid in wanted:
        if sid in NO_DOWNLOAD:
            outcomes.append(FetchOutcome(sid, "", None, "skipped", NO_DOWNLOAD[sid]))
            say(f"{sid}: skipped ({NO_DOWNLOAD[sid]})")
            continue
        outcomes.extend(_fetch_source(CATALOGUE[sid], landing_dir, http, say, today, dry_run))
    return outcomes


def _fetch_source(
    entry: CatalogueEntry,
    landing_dir: Path,
    http: HttpClient,
    say: Progress,
    today: dt.date,
    dry_run: bool = False,
) -> list[FetchOutcome]:
    sid = entry.source_id
    say(f"{sid}: looking for the latest files at {entry.discovery.start_url}")
    try:
        candidates = entry.discovery.discover(http, today)
    except FetchError as exc:
        say(f"{sid}: failed: {exc}")
        return [FetchOutcome(sid, entry.discovery.start_url, None, "failed", str(exc))]
    if dry_run:
        return [_planned(entry, candidate, landing_dir) for candidate in candidates]
    outcomes: list[FetchOutcome] = []
    for candidate in candidates:
        try:
            if candidate.kind == "street_archive":
                outcomes.extend(_fetch_street_archive(entry, candidate, landing_dir, http, say))
            else:
                outcomes.append(_fetch_file(entry, candidate, landing_dir, http, say))
        except NotFound as exc:
            status = "skipped" if candidate.optional else "failed"
            outcomes.append(FetchOutcome(sid, candidate.urls[0], None, status, str(exc)))
            say(f"{sid}: {status}: {exc}")
        except (FetchError, OSError) as exc:
            outcomes.append(FetchOutcome(sid, candidate.urls[0], None, "failed", str(exc)))
            say(f"{sid}: failed: {exc}")
    return outcomes


def _planned(entry: CatalogueEntry, candidate: Candidate, landing_dir: Path) -> FetchOutcome:
    """What a fetch would do with a discovered file, from the listing alone: `would_download`,
    or `would_check` when a file of that name (a month folder, for police.uk archives) is
    already landed and would be requested only if modified since."""
    sid = entry.source_id
    if candidate.kind == "street_archive":
        landed = [landing_dir / sid / _month_of(u) for u in candidate.urls]
        present = next((m for m in landed if m.is_dir()), None)
        url = candidate.urls[0]
    else:
        present = next(iter(landed_variants(landing_dir / sid, candidate.filename or "")), None)
        url = candidate.urls[0]
    status = "would_check" if present else "would_download"
    return FetchOutcome(sid, url, present, status)


def _fetch_file(
    entry: CatalogueEntry,
    candidate: Candidate,
    landing_dir: Path,
    http: HttpClient,
    say: Progress,
) -> FetchOutcome:
    sid = entry.source_id
    url = candidate.urls[0]
    name = candidate.filename or ""
    if not is_safe_filename(name):
        raise FetchError(f"{url}: refused, unsafe or unexpected file name {name!r}")
    dest_dir = landing_dir / sid
    variants = landed_variants(dest_dir, name)
    say(f"{sid}: downloading {url}")
    got = http.download(
        url,
        dest_dir,
        name,
        max_bytes=http.file_limit(entry.max_bytes),
        if_modified_since=newest_mtime(variants),
        progress=say,
    )
    if got is None:
        say(f"{sid}: {name} not modified since it was landed")
        return FetchOutcome(sid, url, variants[-1], "already_present")
    path, status = land(got.partial, got.sha256, got.size, dest_dir, name)
    say(f"{sid}: {status.replace('_', ' ')} {path} ({human_bytes(got.size)})")
    return FetchOutcome(sid, url, path, status)


def _month_of(url: str) -> str:
    return url.rstrip("/").rsplit("/", 1)[-1].removesuffix(".zip")


def _fetch_street_archive(
    entry: CatalogueEntry,
    candidate: Candidate,
    landing_dir: Path,
    http: HttpClient,
    say: Progress,
) -> list[FetchOutcome]:
    sid = entry.source_id
    street_dir = landing_dir / sid
    work_root = landing_dir / WORK_DIR
    work_root.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f"{sid}-", dir=work_root))
    try:
        for url in candidate.urls:
            month = _month_of(url)
            month_dir = street_dir / month
            landed = [p for p in month_dir.rglob("*") if p.is_file() and not p.name.startswith(".")]
            say(f"{sid}: trying {url}")
            try:
                got = http.download(
                    url,
                    work,
                    f"{month}.zip",
                    max_bytes=http.file_limit(entry.max_bytes),
                    if_modified_since=newest_mtime(landed),
                    progress=say,
                )
            except NotFound:
                say(f"{sid}: {month} archive not published")
                continue
            if got is None:
                say(f"{sid}: {month} archive not modified since it was landed")
                return [FetchOutcome(sid, url, month_dir, "already_present")]
            say(f"{sid}: unpacking {url} ({human_bytes(got.size)})")
            files = extract_street_files(got.partial, work / "extract", ArchiveLimits(), url)
            got.partial.unlink()
            if not files:
                raise FetchError(f"{url}: the archive holds no street-level crime files")
            return _land_street_files(sid, url, files, work / "extract", street_dir, say)
        raise FetchError(
            f"no police.uk archive published for {', '.join(_month_of(u) for u in candidate.urls)}"
        )
    finally:
        shutil.rmtree(work, ignore_errors=True)
        with contextlib.suppress(OSError):
            work_root.rmdir()


def _land_street_files(
    sid: str, url: str, files: list[StreetFile], extract_dir: Path, street_dir: Path, say: Progress
) -> list[FetchOutcome]:
    """Land months in order (the archive's own month last); a new month folder moves in whole."""
    outcomes: list[FetchOutcome] = []
    months = sorted({f.month for f in files})
    for month in months:
        month_files = [f for f in files if f.month == month]
        month_dir = street_dir / month
        if not month_dir.exists():
            street_dir.mkdir(parents=True, exist_ok=True)
            try:
                os.rename(extract_dir / month, month_dir)
            except OSError:
                pass
            else:
                outcomes.extend(
                    FetchOutcome(sid, url, month_dir / f.name, "downloaded") for f in month_files
                )
                continue
        for f in month_files:
            path, status = land(f.path, f.sha256, f.size, month_dir, f.name)
            outcomes.append(FetchOutcome(sid, url, path, status))
    new = sum(o.status == "downloaded" for o in outcomes)
    say(f"{sid}: {new} new and {len(outcomes) - new} present street files in {len(months)} months")
    return outcomes
