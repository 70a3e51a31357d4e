"""Publication cadences, most frequent first. Each source's SPEC names one; each has a Dagster
refresh job and schedule, and is a `ppf refresh --frequency` choice."""

CADENCES = ("monthly", "quarterly", "bi_annual", "annual")
