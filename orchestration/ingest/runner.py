"""Land the files of one source: hash, skip what was seen, parse, gate with GX, append.

Files in landing/ are never modified or deleted. A file whose bytes were loaded before is a
no-op; the same bytes under another name are logged once as `duplicate`. A rejected file is
quarantined: nothing of it reaches raw, only its load_log row and its quality results, and the
other files and sources go on. Bytes rejected before are skipped (they were reported when first
seen) unless the caller asks to retry them, e.g. after a seed gained a force name variant or an
offence code: then they are judged again against the current seeds and rules.
"""

from __future__ import annotations

import fnmatch
import hashlib
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from orchestration.ingest.errors import IngestError
from orchestration.ingest.source import SourceSpec
from orchestration.ingest.warehouse import append_batch, log_file, previous_status, utc_now
from orchestration.quality.gx_runner import CheckResult, new_run_id, record_results, run_suite
from orchestration.reference import force_resolver

log = logging.getLogger(__name__)


@dataclass
class FileOutcome:
    path: Path
    status: str  # loaded | skipped | duplicate | previously_rejected | rejected
    rows: int = 0
    release: str | None = None
    error: str | None = None
    checks: list[CheckResult] = field(default_factory=list)


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def landed_files(landing_dir: Path, spec: SourceSpec) -> list[Path]:
    folder = landing_dir / spec.source_id
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.rglob("*") if p.is_file() and not p.name.startswith("."))


def _parse(spec: SourceSpec, path: Path):
    """The loader's reading of a file; a failure the loader did not foresee still rejects the
    file with its reason, rather than stopping the whole refresh."""
    try:
        return spec.parse(path)
    except IngestError:
        raise
    except Exception as exc:
        raise IngestError(
            spec.source_id, path, f"could not be read ({type(exc).__name__}: {exc})"
        ) from exc


def ingest_file(
    con: duckdb.DuckDBPyConnection,
    spec: SourceSpec,
    path: Path,
    run_id: str | None = None,
    retry_rejected: bool = False,
) -> FileOutcome:
    """Land one file, or raise IngestError (logged as `rejected`) when it cannot be landed."""
    sha = file_sha256(path)
    seen = previous_status(con, spec.source_id, sha)
    if any(status == "loaded" and name == path.name for name, status in seen):
        return FileOutcome(path, "skipped")
    if any(status == "loaded" for _, status in seen):
        if not any(status == "duplicate" and name == path.name for name, status in seen):
            original = next(name for name, status in seen if status == "loaded")
            log_file(
                con,
                source_id=spec.source_id,
                file_name=path.name,
                sha256=sha,
                release=None,
                status="duplicate",
                error=f"same bytes as {original}, already loaded",
            )
        return FileOutcome(path, "duplicate")
    if not retry_rejected and any(status == "rejected" for _, status in seen):
        log.warning(
            "%s [%s]: rejected earlier; skipped (retry with `ppf ingest --retry-rejected`)",
            path.name,
            spec.source_id,
        )
        return FileOutcome(path, "previously_rejected")

    run_id = run_id or new_run_id()
    try:
        if not any(fnmatch.fnmatch(path.name.lower(), p) for p in spec.file_patterns):
            raise IngestError(
                spec.source_id,
                path,
                "unsupported file type (expected " + " or ".join(spec.file_patterns) + ")",
            )
        parsed = _parse(spec, path)
        resolver = force_resolver()
        try:
            frames = spec.quality_frames(parsed, resolver)
            parameters = spec.quality_parameters(parsed, resolver)
        except Exception as exc:  # a shape the loader's checks did not foresee still rejects
            raise IngestError(
                spec.source_id, path, f"could not be checked ({type(exc).__name__}: {exc})"
            ) from exc
        checks = run_suite(spec.suite_name, frames, parameters, spec.row_labels)
        record_results(con, f"raw/{spec.source_id}", checks, run_id)
        blocking = [c for c in checks if c.blocks]
        if blocking:
            problem = "blocked by data quality rules: " + "; ".join(c.summary() for c in blocking)
            raise IngestError(spec.source_id, path, problem, checks)
    except IngestError as exc:
        log_file(
            con,
            source_id=spec.source_id,
            file_name=path.name,
            sha256=sha,
            release=None,
            status="rejected",
            error=exc.problem,
        )
        raise
    # An undated file (no DDMMYY suffix) takes the date it was first loaded as its release.
    release = parsed.release or utc_now().date().isoformat()
    rows = append_batch(
        con,
        source_id=spec.source_id,
        frame=parsed.frame,
        file_name=path.name,
        sha256=sha,
        release=release,
    )
    return FileOutcome(path, "loaded", rows=rows, release=release, checks=checks)


def ingest_source(
    con: duckdb.DuckDBPyConnection,
    spec: SourceSpec,
    landing_dir: Path,
    progress: Callable[[str], None] | None = None,
    run_id: str | None = None,
    retry_rejected: bool = False,
) -> list[FileOutcome]:
    """Ingest every landed file of a source. A rejected file is quarantined and reported in
    its outcome (`error` is the one-line message); the source's other files still land."""
    outcomes: list[FileOutcome] = []
    for path in landed_files(landing_dir, spec):
        if progress:
            progress(f"{spec.source_id}: {path.name}")
        try:
            outcomes.append(ingest_file(con, spec, path, run_id, retry_rejected))
        except IngestError as exc:
            outcomes.append(FileOutcome(path, "rejected", error=str(exc), checks=exc.checks))
    return outcomes
