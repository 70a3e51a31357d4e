"""One error type for every ingestion failure, so every message names file, source and problem."""

from __future__ import annotations

from pathlib import Path
from typing import Any


class IngestError(Exception):
    """A file could not be landed. Nothing from it was written to raw."""

    def __init__(
        self, source_id: str, path: Path | str, problem: str, checks: list[Any] | None = None
    ):
        self.source_id = source_id
        self.path = Path(path)
        self.problem = " ".join(problem.split())  # one line, whatever the parser said
        self.checks = checks or []  # the GX results that rejected the file, when any
        super().__init__(f"{self.path.name} [{source_id}]: {self.problem}")
