"""Reference facts the loaders need at run time, read from the project's own seeds.

Loaders resolve every published force name through seeds/reference/force_name_variants.csv and
recognise non-force reporting bodies (British Transport Police, fraud bodies, national totals)
through seeds/reference/reporting_bodies.csv. The seeds are the single source; dbt loads the same
files. Seeds sit in subfolders of seeds/ by kind (reference/, measures/, source_labels/); a seed
is named by its file name alone, as in dbt.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from orchestration.config import get_settings
from orchestration.ingest.cells import normalise_label


def seed_path(name: str, seeds_dir: Path | None = None) -> Path:
    """The file of the seed `name`, in whichever subfolder of seeds/ holds it."""
    folder = seeds_dir or get_settings().seeds_dir
    found = sorted(folder.glob(f"*/{name}.csv")) or sorted(folder.glob(f"{name}.csv"))
    if len(found) != 1:
        raise FileNotFoundError(f"seed {name!r}: {len(found)} files named {name}.csv in {folder}")
    return found[0]


def read_seed(name: str, seeds_dir: Path | None = None) -> list[dict[str, str]]:
    with seed_path(name, seeds_dir).open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@dataclass(frozen=True)
class ForceResolver:
    force_by_label: dict[str, str]
    body_by_label: dict[str, str]
    force_codes: frozenset[str]

    def force_code(self, name: str | None) -> str | None:
        return self.force_by_label.get(normalise_label(name))

    def body_type(self, name: str | None) -> str | None:
        return self.body_by_label.get(normalise_label(name))

    def is_known(self, name: str | None) -> bool:
        label = normalise_label(name)
        return label in self.force_by_label or label in self.body_by_label

    @property
    def known_labels(self) -> list[str]:
        return sorted({*self.force_by_label, *self.body_by_label})

    def force_parameters(self) -> dict[str, object]:
        """The suite parameters of a table listing forces: every name it may use and how
        many territorial forces a complete table has."""
        return {"known_force_labels": self.known_labels, "force_count": len(self.force_codes)}


RESOLVER_SEEDS = ("police_force_areas", "force_name_variants", "reporting_bodies")


def force_resolver(seeds_dir: Path | None = None) -> ForceResolver:
    """The resolver for the seeds as they are now: a long-lived process (a Dagster code
    server) sees a seed gain a force name variant, which a retry of rejected files relies on."""
    folder = seeds_dir or get_settings().seeds_dir
    stamps = tuple(seed_path(name, folder).stat().st_mtime_ns for name in RESOLVER_SEEDS)
    return _force_resolver(folder, stamps)


@lru_cache(maxsize=4)
def _force_resolver(seeds_dir: Path, stamps: tuple[int, ...]) -> ForceResolver:
    del stamps  # part of the cache key only
    forces = read_seed("police_force_areas", seeds_dir)
    by_label: dict[str, str] = {}
    for row in forces:
        for column in ("force_name", "force_full_name", "police_uk_slug"):
            if row.get(column):
                by_label[normalise_label(row[column])] = row["force_code"]
    for row in read_seed("force_name_variants", seeds_dir):
        by_label[normalise_label(row["variant"])] = row["force_code"]
    bodies = {
        normalise_label(row["body_name"]): row["body_type"]
        for row in read_seed("reporting_bodies", seeds_dir)
    }
    return ForceResolver(by_label, bodies, frozenset(r["force_code"] for r in forces))
