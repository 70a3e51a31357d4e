"""`ppf`: the warehouse's command line.

Every failure exits non-zero with one line naming the file, the source and the problem; long
steps print progress lines with elapsed time to stderr.
"""

from __future__ import annotations

import argparse
import logging
import os
import socket
import sys
import threading
import time
import uuid
from pathlib import Path

from orchestration.cadences import CADENCES
from orchestration.config import get_settings

FREQUENCIES = (*CADENCES, "all")
RETRY_HELP = "judge files rejected earlier again, against the current seeds and rules"


class Progress:
    def __init__(self) -> None:
        self.start = time.monotonic()

    def __call__(self, message: str) -> None:
        print(f"[{time.monotonic() - self.start:6.1f}s] {message}", file=sys.stderr, flush=True)


def _landing_is_empty(landing: Path) -> bool:
    return not landing.exists() or not any(p.is_file() for p in landing.rglob("*"))


def cmd_sample(args: argparse.Namespace, progress: Progress) -> int:
    from orchestration.sample.generate import write_samples

    settings = get_settings()
    landing = Path(args.landing).resolve() if args.landing else settings.landing_dir
    paths = write_samples(landing, settings.project_root, progress=progress)
    progress(f"{len(paths)} sample files in {landing}")
    return 0


class RejectedFiles(RuntimeError):
    """Some landed files were rejected (and quarantined); everything else went on."""

    def __init__(self, lines: list[str]):
        self.lines = lines
        super().__init__(lines[0] if lines else "files rejected")


def cmd_ingest(args: argparse.Namespace, progress: Progress) -> int:
    from orchestration.pipeline import ingest

    outcomes = ingest(args.source or None, progress=progress, retry_rejected=args.retry_rejected)
    rejected = []
    for source_id, files in outcomes.items():
        for outcome in files:
            print(f"{source_id}\t{outcome.path.name}\t{outcome.status}\t{outcome.rows} rows")
            if outcome.status == "rejected":
                rejected.append(outcome.error)
        if not files:
            print(f"{source_id}\t(no files in landing/{source_id})")
    if rejected:
        raise RejectedFiles(rejected)
    return 0


def cmd_build(args: argparse.Namespace, progress: Progress) -> int:
    from orchestration.pipeline import build

    progress("dbt build: seeds, models and tests")
    build()
    progress("dbt build done")
    return 0


def cmd_validate(args: argparse.Namespace, progress: Progress) -> int:
    from orchestration.pipeline import validate

    results = validate(progress=progress)
    for table, checks in results.items():
        failed = [c for c in checks if not c.success]
        print(f"marts.{table}\t{len(checks) - len(failed)}/{len(checks)} rules passed")
        for check in failed:
            print(f"  {check.severity}: {check.summary()}")
    return 0


def cmd_publish(args: argparse.Namespace, progress: Progress) -> int:
    from orchestration.pipeline import publish_marts

    result = publish_marts(force=args.force)
    state = "published" if result.published else "unchanged (nothing rewritten)"
    print(
        f"{state}: {result.publish_dir} ({sum(result.tables.values())} rows in "
        f"{len(result.tables)} tables)"
    )
    return 0


def _first_failure(result) -> str:
    for event in result.all_events:
        if event.is_step_failure and event.step_failure_data:
            error = event.step_failure_data.error
            while error.cause is not None and "Failure" not in error.cls_name:
                error = error.cause
            return error.message.strip().splitlines()[-1] if error.message else "step failed"
    for event in result.all_events:
        if event.event_type_value == "ASSET_CHECK_EVALUATION":
            data = event.event_specific_data  # an AssetCheckEvaluation
            if not data.passed and data.severity.value == "ERROR":
                return (
                    f"blocking check {data.check_name} failed on {data.asset_key.to_user_string()}"
                )
    return "the run failed; see the Dagster event log"


class _StepWatcher:
    """Prints each step's start and end (success, failure, skipped) while the job runs in process.

    A background thread reads the run's step events from the Dagster instance every second;
    the job itself keeps the main thread (Dagster installs signal handlers there).
    """

    def __init__(self, instance, run_id: str, progress: Progress, interval: float = 1.0):
        self.instance, self.run_id, self.progress, self.interval = (
            instance,
            run_id,
            progress,
            interval,
        )
        self.seen = 0
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._watch, name="ppf-step-watcher", daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self.stop.set()
        self.thread.join()
        self._report()

    def _watch(self) -> None:
        while not self.stop.wait(self.interval):
            self._report()

    def _report(self) -> None:
        import dagster as dg

        ends = {
            dg.DagsterEventType.STEP_START,
            dg.DagsterEventType.STEP_SUCCESS,
            dg.DagsterEventType.STEP_FAILURE,
            dg.DagsterEventType.STEP_SKIPPED,
        }
        try:
            entries = self.instance.all_logs(self.run_id, of_type=ends)
        except Exception:  # progress is best effort; the run result decides
            return
        for entry in entries[self.seen :]:
            event = entry.dagster_event
            self.progress(f"{event.step_key}: {event.event_type_value.lower().replace('_', ' ')}")
        self.seen = max(self.seen, len(entries))


PID_TAG, HOST_TAG = "ppf/pid", "ppf/host"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's live process
        return True
    return True


def release_dead_runs(instance) -> list[str]:
    """Runs of `ppf refresh` on this host whose process is gone (killed, even with kill -9)
    are marked failed and their concurrency slots freed; otherwise the writer slot a killed run
    held would make every later run wait for ever."""
    import dagster as dg

    dead = []
    running = instance.get_runs(
        filters=dg.RunsFilter(
            statuses=[dg.DagsterRunStatus.STARTED, dg.DagsterRunStatus.STARTING],
            tags={HOST_TAG: socket.gethostname()},
        )
    )
    for run in running:
        pid = run.tags.get(PID_TAG, "")
        if pid.isdigit() and not _alive(int(pid)):
            instance.report_run_failed(run, f"process {pid} is gone (killed)")
            instance.event_log_storage.free_concurrency_slots_for_run(run.run_id)
            dead.append(run.run_id)
    return dead


def _warn_quarantined(settings, progress: Progress) -> None:
    import duckdb

    from orchestration.status import quarantined_files

    con = duckdb.connect(str(settings.warehouse_path), read_only=True)
    try:
        for source_id, name, _, error in quarantined_files(con, settings.landing_dir):
            progress(f"still quarantined: {name} [{source_id}]: {error}")
    finally:
        con.close()


def cmd_refresh(args: argparse.Namespace, progress: Progress) -> int:
    settings = get_settings()
    if args.sample_if_empty and _landing_is_empty(settings.landing_dir):
        progress(f"{settings.landing_dir} is empty: writing the bundled sample extracts")
        cmd_sample(argparse.Namespace(landing=None), progress)
    from orchestration.dbt_project import ensure_manifest

    ensure_manifest()
    if not (args.fetch or args.rebuild or args.retry_rejected):
        from orchestration.build_state import nothing_new

        if nothing_new(settings):
            from orchestration.run_summary import availability_lines

            print(
                "nothing new: every landed file was seen before and the dbt project is that of "
                "the last published build; nothing ingested, built or published "
                "(--rebuild forces a build, --fetch looks for new releases first)"
            )
            print("\n".join(availability_lines(settings)))
            _warn_quarantined(settings, progress)
            return 0
    import dagster as dg

    from orchestration.defs.definitions import defs

    job_name = "refresh_all" if args.frequency == "all" else f"refresh_{args.frequency}"
    from orchestration.instance import ensure_instance_settings

    ensure_instance_settings(settings.dagster_home)
    progress(f"running Dagster job {job_name} in process")
    run_id = str(uuid.uuid4())
    with dg.DagsterInstance.get() as instance, _StepWatcher(instance, run_id, progress):
        for dead in release_dead_runs(instance):
            progress(f"run {dead} was killed: marked failed, its writer slot released")
        result = defs.resolve_job_def(job_name).execute_in_process(
            instance=instance,
            run_id=run_id,
            tags={PID_TAG: str(os.getpid()), HOST_TAG: socket.gethostname()},
            raise_on_error=False,
            run_config={
                "loggers": {"console": {"config": {"log_level": args.log_level}}},
                "resources": {
                    "refresh_options": {
                        "config": {
                            "retry_rejected": args.retry_rejected,
                            "rebuild": args.rebuild,
                            "fetch": args.fetch,
                        }
                    }
                },
            },
        )
    if not result.success:
        raise RuntimeError(_first_failure(result))
    from orchestration.run_summary import rejected_files, summary_lines

    print("\n".join(summary_lines(result, settings)))
    rejected = rejected_files(result)
    if rejected:
        raise RejectedFiles(rejected)
    return 0


def cmd_fetch(args: argparse.Namespace, progress: Progress) -> int:
    from orchestration.fetch import fetch

    outcomes = fetch(
        args.source or None, get_settings().landing_dir, progress=progress, dry_run=args.dry_run
    )
    for outcome in outcomes:
        where = outcome.path or outcome.url
        print(
            f"{outcome.source_id}\t{outcome.status}\t{where}"
            + (f"\t{outcome.error}" if outcome.error else "")
        )
    failed = [o for o in outcomes if o.status == "failed"]
    if failed:
        raise RuntimeError(
            f"{len(failed)} download(s) failed; first: {failed[0].source_id}: {failed[0].error}"
        )
    return 0


def cmd_status(args: argparse.Namespace, progress: Progress) -> int:
    from orchestration.status import status_report

    print(status_report(get_settings()))
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="ppf", description=__doc__.splitlines()[0])
    parser.add_argument("-v", "--verbose", action="store_true", help="debug logging")
    sub = parser.add_subparsers(dest="command", required=True)
    sample = sub.add_parser("sample", help="write the deterministic sample extracts to landing/")
    sample.add_argument("--landing", help="landing folder (default: PPF_LANDING_DIR)")
    sample.set_defaults(func=cmd_sample)
    ingest = sub.add_parser("ingest", help="land new files from landing/ into raw, behind GX")
    ingest.add_argument("--source", action="append", help="source id (repeatable; default all)")
    ingest.add_argument("--retry-rejected", action="store_true", help=RETRY_HELP)
    ingest.set_defaults(func=cmd_ingest)
    sub.add_parser("build", help="dbt build: seeds, models and tests").set_defaults(func=cmd_build)
    sub.add_parser("validate", help="GX suites on the marts").set_defaults(func=cmd_validate)
    publish = sub.add_parser("publish", help="publish marts.duckdb and Parquet atomically")
    publish.add_argument("--force", action="store_true", help="rewrite even if unchanged")
    publish.set_defaults(func=cmd_publish)
    refresh = sub.add_parser("refresh", help="run the Dagster refresh job in process")
    refresh.add_argument("--frequency", choices=FREQUENCIES, default="all")
    refresh.add_argument("--log-level", default="WARNING", help="Dagster console log level")
    refresh.add_argument(
        "--sample-if-empty",
        action="store_true",
        help="write the sample extracts first when landing/ is empty",
    )
    refresh.add_argument("--retry-rejected", action="store_true", help=RETRY_HELP)
    refresh.add_argument(
        "--fetch",
        action="store_true",
        help="download the latest files from the official pages first (off by default)",
    )
    refresh.add_argument(
        "--rebuild",
        action="store_true",
        help="build and publish even when nothing changed since the last published build",
    )
    refresh.set_defaults(func=cmd_refresh)
    fetch = sub.add_parser(
        "fetch", help="download the latest files of each source from its official page"
    )
    fetch.add_argument("--source", action="append", help="source id (repeatable; default all)")
    fetch.add_argument(
        "--dry-run", action="store_true", help="list what would be downloaded; download nothing"
    )
    fetch.set_defaults(func=cmd_fetch)
    sub.add_parser(
        "status", help="loads, rejections, unknown codes, measure availability"
    ).set_defaults(func=cmd_status)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )
    os.environ.setdefault("DBT_SEND_ANONYMOUS_USAGE_STATS", "false")
    get_settings().export_env()
    progress = Progress()
    try:
        return args.func(args, progress)
    except KeyboardInterrupt:
        print("ppf: interrupted", file=sys.stderr)
        return 130
    except RejectedFiles as exc:  # one line per rejected file, the rest was done
        for line in exc.lines:
            print(f"ppf {args.command}: error: {' '.join(line.split())}", file=sys.stderr)
        return 1
    except Exception as exc:  # one line, non-zero: the contract of every command
        if args.verbose:
            raise
        message = " ".join(str(exc).split()) or type(exc).__name__
        print(f"ppf {args.command}: error: {message}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
