"""One schedule per publication cadence, timed a little after the usual release dates.

Each scheduled run fetches its sources' latest files from their official pages (the fetch
assets), ingests what is new behind the GX gates, builds, checks and publishes; a source whose
page fails holds back nothing else.

- monthly: police.uk 999 data and HES admissions appear about a month in arrears -> the 5th.
- quarterly: Home Office crime tables follow the ONS bulletin (late Jan/Apr/Jul/Oct) -> the 1st
  of Feb, May, Aug and Nov.
- bi_annual: workforce statistics (31 March in July, 30 September in January) -> 1 Feb and 1 Aug.
- annual: sources on yearly cycles differ by publisher, so the job looks monthly (mid-month) and
  is a no-op when nothing new has landed.
"""

from __future__ import annotations

import dagster as dg

from orchestration.defs.jobs import CADENCE_JOBS

CRON = {
    "monthly": "0 6 5 * *",
    "quarterly": "0 6 1 2,5,8,11 *",
    "bi_annual": "0 6 1 2,8 *",
    "annual": "0 6 15 * *",
}

SCHEDULES = [
    dg.ScheduleDefinition(
        name=f"{cadence}_refresh_schedule",
        job=job,
        cron_schedule=CRON[cadence],
        execution_timezone="Europe/London",
        # A scheduled refresh fetches the cadence's sources from their official pages first.
        run_config={"resources": {"refresh_options": {"config": {"fetch": True}}}},
        default_status=dg.DefaultScheduleStatus.RUNNING,
    )
    for cadence, job in CADENCE_JOBS.items()
]
