"""The common interface every source loader implements, and the release-date convention."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from orchestration.reference import ForceResolver

_RELEASE_SUFFIX = re.compile(r"-(\d{2})(\d{2})(\d{2})\.[A-Za-z]+$")


@dataclass(frozen=True)
class ParsedFile:
    """A file's cells as text under canonical column names, plus `_sheet` and `_row_number`."""

    frame: pd.DataFrame
    release: str | None


@dataclass(frozen=True)
class SourceSpec:
    source_id: str
    title: str
    publisher: str
    cadence: str  # one of orchestration.cadences.CADENCES
    file_patterns: tuple[str, ...]
    parse: Callable[[Path], ParsedFile]
    quality_frames: Callable[[ParsedFile, ForceResolver], dict[str, pd.DataFrame]]
    quality_parameters: Callable[[ParsedFile, ForceResolver], dict[str, Any]]
    suite: str = ""
    tags: dict[str, str] = field(default_factory=dict)
    # Columns that say where a row is (force or area, period), quoted with the sheet and row
    # number when a value rule fails, so the error points at the offending cells.
    row_labels: tuple[str, ...] = ()

    @property
    def suite_name(self) -> str:
        return self.suite or f"raw_{self.source_id}"


def release_from_name(path: Path) -> str | None:
    """Home Office files end in the release date as DDMMYY (`...-230426.ods` = 2026-04-23)."""
    match = _RELEASE_SUFFIX.search(path.name)
    if not match:
        return None
    day, month, year = (int(g) for g in match.groups())
    try:
        return dt.date(2000 + year, month, day).isoformat()
    except ValueError:
        return None
