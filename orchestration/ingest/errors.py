"""One error type for every ingestion failure, so every message names file, source and problem."""

from __future__ import annotations

from pathlib import Path


class IngestError(Exception):
    """A file could not be landed. Nothing from it was written to raw."""

    def __init__(self, source_id: str, path: Path | str, problem: str):
        self.source_id = source_id
        self.path = Path(path)
        self.problem = problem
        super().__init__(f"{self.path.name} [{source_id}]: {problem}")
