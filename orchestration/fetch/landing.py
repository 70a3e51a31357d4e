"""How a downloaded file enters landing/: never overwriting, never duplicating, never half-written.

* A landed file is never modified or deleted.
* A download whose bytes (SHA-256) equal a file already landed in its destination folder (or one
  of that name's revisions) is not landed again: the outcome is `already_present` with the
  existing path.
* A download with the name of a landed file but different bytes (a publisher re-issuing a file
  under the same name: a revised DfT year, a police.uk month corrected in a later archive) is a
  revision: it lands under the same file name in a numbered sub-folder, `<folder>/r2/<name>`,
  `<folder>/r3/<name>`, ... The name itself is kept because loaders read it: the street-crime
  loader takes month and force from it and keeps the latest load per file name, ONS editions
  and Home Office release dates (`-DDMMYY`) are parsed from it, and file patterns match it. The
  runner walks source folders recursively, so revisions are ingested like any landed file.
* The complete partial file is moved into place with a hard link that fails if the name exists
  (falling back to a checked rename where hard links are unsupported), then the partial file is
  removed: a reader sees either no file or the whole file.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from orchestration.fetch.errors import FetchError

STATUSES = ("downloaded", "already_present", "skipped", "failed")
MAX_REVISIONS = 99


@dataclass(frozen=True)
class FetchOutcome:
    """What `fetch` did for one file of one source.

    status: `downloaded` (new bytes landed at `path`), `already_present` (the same bytes were
    already landed at `path`, or the server said the landed copy is current; for a police.uk
    archive not modified since its month was landed, `path` is that month's folder), `skipped`
    (nothing to fetch: not published yet, or a source with no public download; `error` says
    why), `failed` (`error` names the URL or file and the problem; nothing was landed, `path`
    is None). `url` is the file's URL (for street files, their archive's URL; empty for a
    source with no download).
    """

    source_id: str
    url: str
    path: Path | None
    status: str
    error: str | None = None


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def revision_path(dest_dir: Path, name: str, number: int) -> Path:
    """Where revision `number` of `dest_dir/name` lands (1 is the file itself)."""
    return dest_dir / name if number < 2 else dest_dir / f"r{number}" / name


def landed_variants(dest_dir: Path, name: str) -> list[Path]:
    """The landed file `dest_dir/name` and its revisions, in revision order (revisions are
    numbered without gaps, so the first missing one ends the search)."""
    found = []
    for number in range(1, MAX_REVISIONS + 1):
        path = revision_path(dest_dir, name, number)
        if path.is_file():
            found.append(path)
        elif number > 1:
            break
    return found


def newest_mtime(paths: list[Path]) -> float | None:
    times = [path.stat().st_mtime for path in paths if path.is_file()]
    return max(times) if times else None


def find_same_bytes(dest_dir: Path, name: str, sha256: str, size: int) -> Path | None:
    """A landed file with these bytes: a file of `dest_dir` or a revision of `name` (only
    files of the same size are hashed)."""
    if not dest_dir.is_dir():
        return None
    files = [p for p in sorted(dest_dir.iterdir()) if p.is_file() and not p.name.startswith(".")]
    for path in [*files, *landed_variants(dest_dir, name)[1:]]:
        if path.stat().st_size == size and sha256_of(path) == sha256:
            return path
    return None


def _place(partial: Path, target: Path) -> bool:
    """Move `partial` to `target` unless `target` exists; True when it was placed."""
    try:
        os.link(partial, target)
    except FileExistsError:
        return False
    except OSError:
        if target.exists():
            return False
        os.rename(partial, target)
        return True
    with contextlib.suppress(FileNotFoundError):
        partial.unlink()
    return True


def land(partial: Path, sha256: str, size: int, dest_dir: Path, name: str) -> tuple[Path, str]:
    """Land a complete partial file as `dest_dir/name`; returns (path, status).

    The partial file is consumed either way: moved into place, or removed when the same bytes
    are already landed.
    """
    dest_dir.mkdir(parents=True, exist_ok=True)
    same = find_same_bytes(dest_dir, name, sha256, size)
    if same is not None:
        with contextlib.suppress(FileNotFoundError):
            partial.unlink()
        return same, "already_present"
    for number in range(1, MAX_REVISIONS + 1):
        target = revision_path(dest_dir, name, number)
        target.parent.mkdir(exist_ok=True)
        if _place(partial, target):
            return target, "downloaded"
    with contextlib.suppress(FileNotFoundError):
        partial.unlink()
    raise FetchError(f"{dest_dir / name}: more than {MAX_REVISIONS} revisions already landed")
