"""Great Expectations (GX Core 1.x) suites as data-quality gates and asset checks."""
