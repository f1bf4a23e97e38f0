"""The asset map: every public body's buildings on one map, the estate's totals, and the
co-location candidates with what sharing could save."""
