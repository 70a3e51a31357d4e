"""`measure_returns` has nothing to fetch: `ppf fetch` reports why."""

from __future__ import annotations

NO_DOWNLOAD = (
    "no public file: measure returns are submitted with the documented CSV template, not downloaded"
)
