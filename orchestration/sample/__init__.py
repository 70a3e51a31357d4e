"""The sample kit: deterministic extracts in the genuine source formats (standard library only).

``ods_writer`` and ``xlsx_writer`` write spreadsheets; ``generate`` runs every source's writer
(``orchestration/sources/<source_id>/sample.py``; ``python -m orchestration.sample.generate
LANDING_DIR``). Nothing here or in the writers imports the loaders.
"""
