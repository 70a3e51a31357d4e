"""GX suites on the marts as Dagster asset checks, one check per rule.

Blocking rules are blocking checks: when one fails, the publish asset downstream does not run and
BI readers keep the last good published marts. Results also land in quality.validation_results.
"""

import dagster as dg

from orchestration.defs.assets.keys import WRITER_POOL
from orchestration.pipeline import MART_SUITES, validate_mart
from orchestration.quality.gx_runner import BLOCKING, rules


def mart_asset_key(table: str) -> dg.AssetKey:
    return dg.AssetKey(["marts", table])


def build_mart_check(table: str) -> dg.AssetChecksDefinition:
    suite_rules = rules(f"marts_{table}")
    specs = [
        dg.AssetCheckSpec(
            name=f"gx_{r['rule']}",
            asset=mart_asset_key(table),
            description=r.get("description"),
            blocking=r["severity"] == BLOCKING,
        )
        for r in suite_rules
    ]

    @dg.multi_asset_check(specs=specs, name=f"gx_marts_{table}", pool=WRITER_POOL)
    def _check(context: dg.AssetCheckExecutionContext):
        by_rule = {r.rule: r for r in validate_mart(table)}
        for rule in suite_rules:
            result = by_rule[rule["rule"]]
            yield dg.AssetCheckResult(
                asset_key=mart_asset_key(table),
                check_name=f"gx_{rule['rule']}",
                passed=result.success,
                severity=dg.AssetCheckSeverity.ERROR
                if rule["severity"] == BLOCKING
                else dg.AssetCheckSeverity.WARN,
                metadata={
                    "unexpected_count": result.unexpected_count or 0,
                    "observed": result.observed or "",
                    "severity": rule["severity"],
                },
            )

    return _check


MART_CHECKS = [build_mart_check(table) for table in MART_SUITES]
