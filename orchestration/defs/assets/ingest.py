"""One ingest asset per source, tagged with its publisher and publication cadence.

The source's GX suite runs inside the asset as the gate on each landed file, and its rules are
reported as asset checks (blocking rules with ERROR severity). With no new file, the checks
repeat the results recorded when the latest release was loaded.
"""

import dagster as dg

from orchestration.config import get_settings
from orchestration.defs.assets.keys import (
    WRITER_POOL,
    fetch_asset_key,
    ingest_asset_key,
    tag_value,
)
from orchestration.defs.resources import RefreshOptions
from orchestration.fetch.catalogue import CATALOGUE
from orchestration.ingest.runner import FileOutcome
from orchestration.ingest.source import SourceSpec
from orchestration.ingest.warehouse import connect
from orchestration.pipeline import ingest
from orchestration.quality.gx_runner import BLOCKING, CheckResult, rules
from orchestration.sources import SOURCES


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


FILES_ACCEPTED = "files_accepted"


def rule_description(rule: dict) -> str:
    """A raw rule's description, led by its severity, so the UI shows which rules gate files.

    Blocking rules reject (quarantine) the failing file; their results carry ERROR severity.
    They are not Dagster-blocking checks: the raw table keeps only files that passed, so a
    rejection must not stop the build of every other source downstream.
    """
    if rule["severity"] == BLOCKING:
        lead = "[blocking: a failing file is rejected and quarantined]"
    else:
        lead = "[warning: recorded, the file is loaded]"
    return f"{lead} {rule.get('description', '')}".strip()


def _rule_results(outcomes: list[FileOutcome], source_id: str) -> dict[str, CheckResult]:
    """Per rule, this run's verdict: a failure on any file validated now, else the result on the
    last file loaded now, else what was recorded for the latest validation before this run."""
    validated = [o for o in outcomes if o.checks]
    if not validated:
        return _latest_results(source_id)
    results: dict[str, CheckResult] = {}
    for outcome in validated:
        for check in outcome.checks:
            if check.rule not in results or results[check.rule].success:
                results[check.rule] = check
    return results


def _files_accepted(source_id: str, outcomes: list[FileOutcome]) -> dg.AssetCheckResult:
    """Fails (ERROR) when a file was rejected in this run, and warns while a file rejected in an
    earlier run is still in landing: it stays quarantined until retried or removed."""
    rejected = [o for o in outcomes if o.status == "rejected"]
    quarantined = [o for o in outcomes if o.status == "previously_rejected"]
    return dg.AssetCheckResult(
        asset_key=ingest_asset_key(source_id),
        check_name=FILES_ACCEPTED,
        passed=not rejected and not quarantined,
        severity=dg.AssetCheckSeverity.ERROR if rejected else dg.AssetCheckSeverity.WARN,
        metadata={
            "rejected": "\n".join(o.error or o.path.name for o in rejected),
            "still_quarantined": ", ".join(o.path.name for o in quarantined),
        },
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
                name=FILES_ACCEPTED,
                asset=ingest_asset_key(spec.source_id),
                description="Every landed file passed its blocking rules; a rejected file is "
                "quarantined (nothing of it in raw) and the other sources go on.",
            ),
            *(
                dg.AssetCheckSpec(
                    name=r["rule"],
                    asset=ingest_asset_key(spec.source_id),
                    description=rule_description(r),
                )
                for r in suite_rules
            ),
        ],
        pool=WRITER_POOL,
        deps=[fetch_asset_key(spec.source_id)] if spec.source_id in CATALOGUE else [],
    )
    def _ingest(context: dg.AssetExecutionContext, refresh_options: RefreshOptions):
        outcomes = ingest(
            [spec.source_id],
            progress=context.log.info,
            retry_rejected=refresh_options.retry_rejected,
        )[spec.source_id]
        for outcome in outcomes:
            if outcome.status == "rejected":
                context.log.error(outcome.error)
        loaded = [o for o in outcomes if o.status == "loaded"]
        results = _rule_results(outcomes, spec.source_id)
        yield dg.MaterializeResult(
            metadata={
                "files_loaded": len(loaded),
                "rows_loaded": sum(o.rows for o in loaded),
                "files_rejected": sum(o.status == "rejected" for o in outcomes),
                "files_skipped": sum(o.status not in ("loaded", "rejected") for o in outcomes),
                "releases": ", ".join(sorted({o.release for o in loaded if o.release})) or "none",
            },
            check_results=[
                _files_accepted(spec.source_id, outcomes),
                *(_check_result(spec.source_id, r, results.get(r["rule"])) for r in suite_rules),
            ],
        )

    return _ingest


INGEST_ASSETS = [build_ingest_asset(spec) for spec in SOURCES.values()]
