{#
    The ingestion log (raw.load_log) as models read it: one row per landed file seen, with its
    status. Only renames and casts; built whether or not anything has been loaded yet.
#}
with

load_log as (
    select * from {{ raw_source('load_log') }}
)

select
    source_id,
    file_name,
    file_sha256,
    cast(release as date) as release_date,
    status,
    cast(rows as bigint) as rows_appended,
    error as rejection_reason,
    cast(loaded_at as timestamp) as seen_at
from load_log
