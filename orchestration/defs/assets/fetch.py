"""One fetch asset per source with a public download, upstream of its ingest asset.

It brings the latest files from the source's official page into landing/<source_id>/ with the
allow-listed hosts, size limits and safe unpacking of `ppf fetch`. Fetching is a run choice
(`refresh_options.fetch`): the cadence schedules fetch, `make run` and `ppf refresh` do not
unless asked (`--fetch`), so the embedded default never needs the network. A page that is
unreachable or changed fails this source's `fetch_succeeded` check and nothing else: the
ingest goes on with what is already in landing, and every other source is fetched as usual.
"""

import dagster as dg

from orchestration.config import get_settings
from orchestration.defs.assets.keys import WRITER_POOL, fetch_asset_key, tag_value
from orchestration.defs.resources import FetchSettings, RefreshOptions
from orchestration.fetch.catalogue import CATALOGUE
from orchestration.sources import SOURCES

FETCH_SUCCEEDED = "fetch_succeeded"


def build_fetch_asset(source_id: str) -> dg.AssetsDefinition:
    spec = SOURCES[source_id]
    key = fetch_asset_key(source_id)

    @dg.asset(
        key=key,
        group_name="fetch",
        description=f"Latest files of {spec.title} from its official page into "
        f"landing/{source_id}/.",
        kinds={"python"},
        tags={"cadence": spec.cadence, "publisher": tag_value(spec.publisher)},
        metadata={"cadence": spec.cadence, "publisher": spec.publisher},
        check_specs=[
            dg.AssetCheckSpec(
                name=FETCH_SUCCEEDED,
                asset=key,
                description="The official page was read and every file it lists was "
                "downloaded (or was already landed).",
            )
        ],
        # Landing is read by the ingest steps of other runs: one writer of landing at a time.
        pool=WRITER_POOL,
    )
    def _fetch(
        context: dg.AssetExecutionContext,
        refresh_options: RefreshOptions,
        fetch_settings: FetchSettings,
    ):
        if not refresh_options.fetch:
            yield dg.MaterializeResult(metadata={"fetched": False, "files_downloaded": 0})
            yield dg.AssetCheckResult(
                asset_key=key,
                check_name=FETCH_SUCCEEDED,
                passed=True,
                metadata={"note": "fetching is off for this run (refresh_options.fetch)"},
            )
            return
        from orchestration.fetch import fetch

        outcomes = fetch(
            [source_id],
            get_settings().landing_dir,
            progress=context.log.info,
            client=fetch_settings.client(),
        )
        failed = [o for o in outcomes if o.status == "failed"]
        for outcome in failed:
            context.log.error(f"{source_id}: {outcome.error}")
        yield dg.MaterializeResult(
            metadata={
                "fetched": True,
                "files_downloaded": sum(o.status == "downloaded" for o in outcomes),
                "files_already_present": sum(o.status == "already_present" for o in outcomes),
                "files_failed": len(failed),
            }
        )
        yield dg.AssetCheckResult(
            asset_key=key,
            check_name=FETCH_SUCCEEDED,
            passed=not failed,
            severity=dg.AssetCheckSeverity.ERROR,
            metadata={"errors": "\n".join(f"{o.url}: {o.error}" for o in failed)},
        )

    return _fetch


FETCH_ASSETS = [build_fetch_asset(source_id) for source_id in sorted(CATALOGUE)]
