"""Police performance warehouse: ingestion, quality gates, orchestration and CLI."""
