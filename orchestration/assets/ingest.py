"""One ingest asset per source, tagged with its publisher and publication cadence.

The source's GX suite runs inside the asset as the gate on each landed file, and its rules are
reported as asset checks (blocking rules with ERROR severity). With no new file, the checks
repeat the results recorded when the latest release was loaded.
"""

import re

import dagster as dg

from orchestration.config import get_settings
from orchestration.ingest.errors import IngestError
from orchestration.ingest.source import SourceSpec
from orchestration.ingest.sources import SOURCES
from orchestration.ingest.warehouse import connect
from orchestration.pipeline import ingest
from orchestration.quality.gx_runner import BLOCKING, CheckResult, rules

WRITER_TAGS = {"dagster/concurrency_key": "warehouse_writer"}


def tag_value(text: str) -> str:
    """A publisher name as a Dagster tag value (letters, digits, `_`, `-` and `.` only)."""
    return re.sub(r"[^a-z0-9_.-]+", "_", text.lower()).strip("_")[:63]


def ingest_asset_key(source_id: str) -> dg.AssetKey:
    return dg.AssetKey(["raw", source_id])


def _latest_results(source_id: str) -> dict[str, CheckResult]:
    """The rule results recorded for this source's most recent validation run."""
    con = connect(get_settings().warehouse_path)
    try:
        rows = con.execute(
            """
            select suite, expectation, severity, success, observed, unexpected_count
            from quality.validation_results
            where asset = ? and run_id = (
                select run_id from quality.validation_results where asset = ?
                order by checked_at desc limit 1
            )
            """,
            [f"raw/{source_id}", f"raw/{source_id}"],
        ).fetchall()
    except Exception:  # no quality table yet: nothing validated so far
        return {}
    finally:
        con.close()
    return {r[1]: CheckResult(r[0], r[1], r[1], r[2], r[3], r[4], r[5], r[1]) for r in rows}


def _check_result(source_id: str, rule: dict, result: CheckResult | None) -> dg.AssetCheckResult:
    severity = (
        dg.AssetCheckSeverity.ERROR if rule["severity"] == BLOCKING else dg.AssetCheckSeverity.WARN
    )
    metadata = {"description": rule.get("description", ""), "severity": rule["severity"]}
    if result is None:
        return dg.AssetCheckResult(
            asset_key=ingest_asset_key(source_id),
            check_name=rule["rule"],
            passed=True,
            severity=severity,
            metadata=metadata | {"note": "no file validated yet"},
        )
    metadata |= {
        "unexpected_count": result.unexpected_count or 0,
        "observed": result.observed or "",
    }
    return dg.AssetCheckResult(
        asset_key=ingest_asset_key(source_id),
        check_name=rule["rule"],
        passed=result.success,
        severity=severity,
        metadata=metadata,
    )


def build_ingest_asset(spec: SourceSpec) -> dg.AssetsDefinition:
    suite_rules = rules(spec.suite_name)

    @dg.asset(
        key=ingest_asset_key(spec.source_id),
        group_name="raw",
        description=f"{spec.title} ({spec.publisher}), landed as text with lineage.",
        kinds={"duckdb", "python"},
        tags={"cadence": spec.cadence, "publisher": tag_value(spec.publisher)},
        metadata={
            "cadence": spec.cadence,
            "publisher": spec.publisher,
            "landing_folder": f"landing/{spec.source_id}",
        },
        check_specs=[
            dg.AssetCheckSpec(
                name=r["rule"],
                asset=ingest_asset_key(spec.source_id),
                description=r.get("description"),
            )
            for r in suite_rules
        ],
        op_tags=WRITER_TAGS,
    )
    def _ingest(context: dg.AssetExecutionContext):
        try:
            outcomes = ingest([spec.source_id], progress=context.log.info)[spec.source_id]
        except IngestError as exc:
            raise dg.Failure(description=str(exc), metadata={"file": exc.path.name}) from exc
        loaded = [o for o in outcomes if o.status == "loaded"]
        latest = _latest_results(spec.source_id)
        if loaded:
            latest = {c.rule: c for c in loaded[-1].checks}
        yield dg.MaterializeResult(
            metadata={
                "files_loaded": len(loaded),
                "rows_loaded": sum(o.rows for o in loaded),
                "files_skipped": sum(o.status != "loaded" for o in outcomes),
                "releases": ", ".join(sorted({o.release for o in loaded if o.release})) or "none",
            },
            check_results=[
                _check_result(spec.source_id, r, latest.get(r["rule"])) for r in suite_rules
            ],
        )

    return _ingest


INGEST_ASSETS = [build_ingest_asset(spec) for spec in SOURCES.values()]
