"""Start the right cadence job when a new file lands in landing/<source_id>/.

The cursor holds a fingerprint (name, size, modification time) of each source's landed files.
The first tick only records what is already there (a fresh `dagster dev` after `make run` must
not start a run for every loaded source); later ticks request one run of the cadence job per
changed source, keyed by the fingerprint so a repeated tick requests nothing new.
"""

from __future__ import annotations

import hashlib
import json

import dagster as dg

from orchestration.config import get_settings
from orchestration.defs.jobs import CADENCE_JOBS
from orchestration.ingest.runner import landed_files
from orchestration.sources import SOURCES


def landing_fingerprints() -> dict[str, str]:
    """A fingerprint per source that has landed files (sources with none are left out)."""
    landing = get_settings().landing_dir
    prints = {}
    for source_id, spec in SOURCES.items():
        files = landed_files(landing, spec)
        if not files:
            continue
        digest = hashlib.sha256()
        for path in files:
            stat = path.stat()
            digest.update(f"{path.name}|{stat.st_size}|{stat.st_mtime_ns}".encode())
        prints[source_id] = digest.hexdigest()
    return prints


@dg.sensor(
    jobs=list(CADENCE_JOBS.values()),
    minimum_interval_seconds=60,
    default_status=dg.DefaultSensorStatus.RUNNING,
)
def new_landed_file_sensor(context: dg.SensorEvaluationContext):
    current = landing_fingerprints()
    if not context.cursor:
        context.update_cursor(json.dumps(current, sort_keys=True))
        return dg.SkipReason(
            f"first tick: recorded the files of {len(current)} landed sources; "
            "runs start when a file is added or changed"
        )
    previous = json.loads(context.cursor)
    requests = []
    for source_id, fingerprint in current.items():
        if previous.get(source_id) != fingerprint:
            cadence = SOURCES[source_id].cadence
            requests.append(
                dg.RunRequest(
                    run_key=f"{source_id}:{fingerprint}",
                    job_name=CADENCE_JOBS[cadence].name,
                    tags={"trigger": "new_landed_file", "source_id": source_id},
                )
            )
    context.update_cursor(json.dumps(current, sort_keys=True))
    return requests or dg.SkipReason("no landed file added or changed")
