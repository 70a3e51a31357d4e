"""Safe unpacking of police.uk monthly archives (`https://data.police.uk/data/archive/YYYY-MM.zip`).

The archive is checked as a whole before a single byte is extracted, and refused entirely if any
member is hostile or the archive is too big to unpack:

* not a readable zip, or more than `max_members` members;
* a member name that is absolute (`/x`, `\\x`, `C:x`), has a `..` component, a NUL byte, or
  appears twice; a member that is a symbolic link; an encrypted member;
* a member whose declared uncompressed size exceeds `max_member_bytes`, or whose declared
  compression ratio exceeds `max_ratio` (only checked above `ratio_floor_bytes`, as small text
  files legitimately compress very well);
* street files whose declared sizes add up to more than `max_total_bytes`.

Only street-level crime files are kept: `YYYY-MM/YYYY-MM-<force-slug>-street.csv` (an optional
single top folder is tolerated), the folder month equal to the file month
(docs/sources/street_crime.md). Outcomes and stop-and-search files are skipped. Each kept member is
streamed to `<out_dir>/<month>/<file name>`, a path built from the validated month and name only
(never from the member path), counting the bytes actually produced against the member and total
limits and relying on zipfile's CRC check for members whose data disagree with their header. On any
failure the files extracted so far are removed.
"""

from __future__ import annotations

import contextlib
import hashlib
import re
import stat
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from orchestration.fetch.errors import ArchiveError

MiB = 1 << 20
GiB = 1 << 30
CHUNK = 1 << 20
STREET_MEMBER = re.compile(
    r"^(?:[^/]+/)?(?P<folder>\d{4}-\d{2})/"
    r"(?P<name>(?P<month>\d{4}-\d{2})-(?P<force>[a-z0-9]+(?:-[a-z0-9]+)*)-street\.csv)$"
)


@dataclass(frozen=True)
class ArchiveLimits:
    max_members: int = 20_000
    max_member_bytes: int = 1 * GiB
    max_total_bytes: int = 40 * GiB
    max_ratio: float = 100.0
    ratio_floor_bytes: int = 1 * MiB


@dataclass(frozen=True)
class StreetFile:
    month: str
    name: str
    path: Path
    sha256: str
    size: int


def _unsafe_name(name: str) -> str | None:
    """Why a member name is unsafe, or None."""
    if "\x00" in name:
        return "contains a NUL byte"
    normalised = name.replace("\\", "/")
    if normalised.startswith("/") or re.match(r"^[A-Za-z]:", normalised):
        return "is an absolute path"
    if ".." in PurePosixPath(normalised).parts:
        return "has a '..' component (path escape)"
    return None


def _is_symlink(info: zipfile.ZipInfo) -> bool:
    return stat.S_ISLNK(info.external_attr >> 16)


def check_members(
    archive: zipfile.ZipFile, label: str, limits: ArchiveLimits
) -> list[zipfile.ZipInfo]:
    """Every member, after the checks of the module docstring; raises ArchiveError."""
    infos = archive.infolist()
    if len(infos) > limits.max_members:
        raise ArchiveError(
            f"{label}: refused, {len(infos)} members is more than the limit of {limits.max_members}"
        )
    seen: set[str] = set()
    for info in infos:
        name = info.filename
        problem = _unsafe_name(name)
        if problem:
            raise ArchiveError(f"{label}: refused, member {name!r} {problem}")
        if _is_symlink(info):
            raise ArchiveError(f"{label}: refused, member {name!r} is a symbolic link")
        if info.flag_bits & 0x1:
            raise ArchiveError(f"{label}: refused, member {name!r} is encrypted")
        if name in seen:
            raise ArchiveError(f"{label}: refused, member {name!r} appears more than once")
        seen.add(name)
        if info.file_size > limits.max_member_bytes:
            raise ArchiveError(
                f"{label}: refused, member {name!r} declares {info.file_size} bytes, more than "
                f"the limit of {limits.max_member_bytes}"
            )
        if info.file_size > limits.ratio_floor_bytes:
            ratio = info.file_size / max(info.compress_size, 1)
            if ratio > limits.max_ratio:
                raise ArchiveError(
                    f"{label}: refused, member {name!r} expands {ratio:.0f} times "
                    f"({info.compress_size} to {info.file_size} bytes), more than the limit of "
                    f"{limits.max_ratio:.0f} (a compression bomb)"
                )
    return infos


def street_members(
    infos: list[zipfile.ZipInfo], label: str
) -> list[tuple[zipfile.ZipInfo, str, str]]:
    """(member, month, file name) for each street-level crime file, in archive order."""
    kept = []
    for info in infos:
        if info.is_dir():
            continue
        match = STREET_MEMBER.match(info.filename)
        if not match:
            continue
        if match.group("folder") != match.group("month"):
            raise ArchiveError(
                f"{label}: refused, member {info.filename!r} is in the folder of another month"
            )
        kept.append((info, match.group("month"), match.group("name")))
    return kept


def extract_street_files(
    archive_path: Path, out_dir: Path, limits: ArchiveLimits, label: str | None = None
) -> list[StreetFile]:
    """Check the archive, then extract its street files to `out_dir/<month>/<name>`."""
    label = label or archive_path.name
    try:
        archive = zipfile.ZipFile(archive_path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise ArchiveError(f"{label}: not a readable zip archive ({exc})") from None
    written: list[Path] = []
    created: list[Path] = []
    try:
        with archive:
            infos = check_members(archive, label, limits)
            kept = street_members(infos, label)
            declared_total = sum(info.file_size for info, _, _ in kept)
            if declared_total > limits.max_total_bytes:
                raise ArchiveError(
                    f"{label}: refused, its street files expand to {declared_total} bytes, more "
                    f"than the limit of {limits.max_total_bytes}"
                )
            root = out_dir.resolve()
            total = 0
            results = []
            for info, month, name in kept:
                target = (out_dir / month / name).resolve()
                if not target.is_relative_to(root):
                    raise ArchiveError(f"{label}: refused, {info.filename!r} escapes {out_dir}")
                if not target.parent.exists():
                    target.parent.mkdir(parents=True)
                    created.append(target.parent)
                if target.exists():
                    raise ArchiveError(f"{label}: {info.filename!r} would be extracted twice")
                written.append(target)
                digest = hashlib.sha256()
                size = 0
                with archive.open(info) as source, target.open("xb") as out:
                    while chunk := source.read(CHUNK):
                        size += len(chunk)
                        total += len(chunk)
                        if size > limits.max_member_bytes or size > info.file_size:
                            raise ArchiveError(
                                f"{label}: refused, member {info.filename!r} produced more bytes "
                                f"than declared or allowed"
                            )
                        if total > limits.max_total_bytes:
                            raise ArchiveError(
                                f"{label}: refused, extraction passed the limit of "
                                f"{limits.max_total_bytes} bytes"
                            )
                        digest.update(chunk)
                        out.write(chunk)
                target.chmod(0o644)
                results.append(StreetFile(month, name, target, digest.hexdigest(), size))
            return results
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError) as exc:
        _remove(written, created)
        raise ArchiveError(f"{label}: corrupt archive member ({exc})") from None
    except BaseException:
        _remove(written, created)
        raise


def _remove(paths: list[Path], folders: list[Path]) -> None:
    """Undo a failed extraction: the files written, then the folders created for them."""
    for path in paths:
        with contextlib.suppress(FileNotFoundError):
            path.unlink()
    for folder in reversed(folders):
        with contextlib.suppress(OSError):
            folder.rmdir()
