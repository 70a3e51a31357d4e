"""The project's Dagster instance settings, written under DAGSTER_HOME.

DuckDB allows one writing process per file, and a Dagster concurrency pool serialises steps
only once the instance sets a limit for it: without these settings two runs started together
(a sensor tick and a schedule, say) fail on the DuckDB lock. `make` and `ppf refresh` call
`ensure_instance_settings` so every instance the project starts has them.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from orchestration.config import get_settings

TEMPLATE = Path(__file__).with_name("dagster.yaml")


def render_settings(home: Path) -> str:
    """The project's dagster.yaml for a Dagster home folder: the event log storage is given the
    folder itself, so the file means the same whoever reads it (a test, the webserver, a run
    worker) whatever their own DAGSTER_HOME."""
    text = TEMPLATE.read_text(encoding="utf-8")
    return text.replace("{dagster_home}", json.dumps(str(home.resolve())))


def ensure_instance_settings(dagster_home: Path | None = None) -> Path:
    """Write the project's dagster.yaml unless the user keeps one of their own there."""
    home = dagster_home or get_settings().dagster_home
    home.mkdir(parents=True, exist_ok=True)
    target = home / "dagster.yaml"
    template = render_settings(home)
    current = target.read_text(encoding="utf-8") if target.exists() else ""
    ours = not current.strip() or current.startswith(template.splitlines()[0])
    if ours and current != template:
        target.write_text(template, encoding="utf-8")
    # Create the instance's storage now: two runs that both find it missing would race to
    # create its schema (a sensor tick and a schedule on a fresh DAGSTER_HOME, say).
    import dagster as dg

    dg.DagsterInstance.from_config(str(home)).dispose()
    return target


if __name__ == "__main__":
    print(ensure_instance_settings(Path(sys.argv[1]) if len(sys.argv) > 1 else None))
