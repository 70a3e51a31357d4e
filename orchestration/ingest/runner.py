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
from orchestration.ingest.warehouse import (
    LandedFile,
    append_files,
    log_file,
    previous_status,
    utc_now,
)
from orchestration.quality.gx_runner import CheckResult, new_run_id, record_results
from orchestration.reference import force_resolver

log = logging.getLogger(__name__)


@dataclass
class FileOutcome:
    path: Path
    status: str  # loaded | skipped | duplicate | previously_rejected | rejected
    rows: int = 0
    release: str | None = None
    error: str | None = None  # the one-line message: `<file> [<source>]: <problem>`
    checks: list[CheckResult] = field(default_factory=list)
    problem: str | None = None  # the problem alone, for a rejected file


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


# Files whose parsed rows add up to this many are validated together (GX's cost is per
# validation, not per row). Larger batches save little time and hold more rows in memory:
# a national month of police.uk files (528,000 rows) peaked at 2.1 GB in batches of 400,000.
BATCH_ROWS = 100_000


@dataclass
class _Pending:
    """A landed file read and ready to be judged: its bytes' hash, parse and check frames."""

    path: Path
    sha: str
    parsed: object = None
    frames: dict = field(default_factory=dict)
    parameters: dict = field(default_factory=dict)

    @property
    def rows(self) -> int:
        return len(self.parsed.frame)


def _seen_before(
    con: duckdb.DuckDBPyConnection, spec: SourceSpec, path: Path, sha: str, retry_rejected: bool
) -> FileOutcome | None:
    """The outcome of a file whose bytes were seen before, or None when it is to be judged."""
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
    return None


def _reject(con: duckdb.DuckDBPyConnection, spec: SourceSpec, sha: str, exc: IngestError):
    log_file(
        con,
        source_id=spec.source_id,
        file_name=exc.path.name,
        sha256=sha,
        release=None,
        status="rejected",
        error=exc.problem,
    )
    return FileOutcome(exc.path, "rejected", error=str(exc), checks=exc.checks, problem=exc.problem)


def _read(spec: SourceSpec, path: Path, sha: str) -> _Pending:
    """Parse a file and build its check frames, or raise IngestError."""
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
    return _Pending(path, sha, parsed, frames, parameters)


def _judge_and_land(
    con: duckdb.DuckDBPyConnection, spec: SourceSpec, batch: list[_Pending], run_id: str
) -> list[FileOutcome]:
    """Validate a batch of read files together; reject each file a blocking rule fails and
    land the others in one transaction."""
    from orchestration.quality.file_batches import FileFrames, validate_files

    verdicts = validate_files(
        spec.suite_name,
        [FileFrames(str(i), p.frames, p.parameters) for i, p in enumerate(batch)],
        spec.row_labels,
    )
    outcomes: list[FileOutcome] = []
    landing: list[LandedFile] = []
    for i, pending in enumerate(batch):
        checks = verdicts[str(i)]
        record_results(con, f"raw/{spec.source_id}", checks, run_id)
        blocking = [c for c in checks if c.blocks]
        if blocking:
            problem = "blocked by data quality rules: " + "; ".join(c.summary() for c in blocking)
            error = IngestError(spec.source_id, pending.path, problem, checks)
            outcomes.append(_reject(con, spec, pending.sha, error))
            continue
        # An undated file (no DDMMYY suffix) takes the date it was first loaded as its release.
        release = pending.parsed.release or utc_now().date().isoformat()
        landing.append(LandedFile(pending.parsed.frame, pending.path.name, pending.sha, release))
        outcomes.append(FileOutcome(pending.path, "loaded", pending.rows, release, checks=checks))
    append_files(con, spec.source_id, landing)
    return outcomes


def ingest_files(
    con: duckdb.DuckDBPyConnection,
    spec: SourceSpec,
    paths: list[Path],
    run_id: str | None = None,
    retry_rejected: bool = False,
    progress: Callable[[str], None] | None = None,
) -> list[FileOutcome]:
    """Land files of one source, in order. Files seen before are skipped or logged as
    duplicates; the others are read, validated together in batches and landed one
    transaction each, or rejected (quarantined) with their reason."""
    run_id = run_id or new_run_id()
    outcomes: dict[Path, FileOutcome] = {}
    batch: list[_Pending] = []
    later: list[tuple[Path, str]] = []  # the same bytes twice in one landing: after the first
    hashes: set[str] = set()

    def flush() -> None:
        for outcome in _judge_and_land(con, spec, batch, run_id) if batch else []:
            outcomes[outcome.path] = outcome
        batch.clear()

    for path in paths:
        sha = file_sha256(path)
        if sha in hashes:
            later.append((path, sha))
            continue
        hashes.add(sha)
        earlier = _seen_before(con, spec, path, sha, retry_rejected)
        if earlier:
            outcomes[path] = earlier
            continue
        if progress:
            progress(f"{spec.source_id}: {path.name}")
        try:
            batch.append(_read(spec, path, sha))
        except IngestError as exc:
            outcomes[path] = _reject(con, spec, sha, exc)
        if sum(p.rows for p in batch) >= BATCH_ROWS:
            flush()
    flush()
    for path, sha in later:
        outcomes[path] = (
            _seen_before(con, spec, path, sha, retry_rejected)
            or ingest_files(con, spec, [path], run_id, retry_rejected=True)[0]
        )
    return [outcomes[p] for p in paths]


def ingest_file(
    con: duckdb.DuckDBPyConnection,
    spec: SourceSpec,
    path: Path,
    run_id: str | None = None,
    retry_rejected: bool = False,
) -> FileOutcome:
    """Land one file, or raise IngestError (logged as `rejected`) when it cannot be landed."""
    (outcome,) = ingest_files(con, spec, [path], run_id, retry_rejected)
    if outcome.status == "rejected":
        raise IngestError(spec.source_id, path, outcome.problem or "rejected", outcome.checks)
    return outcome


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
    return ingest_files(
        con, spec, landed_files(landing_dir, spec), run_id, retry_rejected, progress
    )
