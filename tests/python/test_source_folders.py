"""One folder per source: `orchestration/sources/<source_id>/` holds the loader (SPEC), the
sample writer and the fetch entry, found by folder name; the sample writers import no loader
code."""

from __future__ import annotations

import importlib
import subprocess
import sys

from tests.python.conftest import PROJECT_ROOT

FOLDERS = sorted(
    p.name
    for p in (PROJECT_ROOT / "orchestration" / "sources").iterdir()
    if p.is_dir() and (p / "__init__.py").exists()
)


def test_every_folder_has_its_loader_and_sample_named_after_it():
    from orchestration.sources import SOURCES

    assert sorted(SOURCES) == FOLDERS
    for name in FOLDERS:
        assert SOURCES[name].source_id == name
        sample = importlib.import_module(f"orchestration.sources.{name}.sample")
        assert name == sample.SAMPLE_SOURCE_ID


def test_sample_writers_import_no_loader_code():
    script = (
        "import sys; import orchestration.sample.generate as g; "
        "print(len(g.SAMPLE_WRITERS)); "
        "print(sorted(m for m in sys.modules if m.startswith('orchestration.ingest') "
        "or m.endswith('.loader') or m == 'pandas'))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=PROJECT_ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    count, imported = result.stdout.splitlines()
    assert int(count) == len(FOLDERS)
    assert imported == "[]"


def test_every_folder_states_where_it_is_fetched_from():
    from orchestration.fetch import CATALOGUE, known_source_ids
    from orchestration.fetch.catalogue import NO_DOWNLOAD

    assert known_source_ids() == FOLDERS
    for name in FOLDERS:
        module = importlib.import_module(f"orchestration.sources.{name}.fetch")
        if name in CATALOGUE:
            assert module.FETCH is CATALOGUE[name]
            assert CATALOGUE[name].landing_page.startswith("https://")
        else:
            assert NO_DOWNLOAD[name] == module.NO_DOWNLOAD
