"""Deterministic sample extracts in the genuine source formats (standard library only).

Modules: ``ods_writer`` (streaming ODS writer), ``prc_pfa`` (Home Office PRC force-area table),
``generate`` (registry of writers; ``python -m orchestration.sample.generate LANDING_DIR``).
The generators share no code with the loaders in ``orchestration.ingest``.
"""
