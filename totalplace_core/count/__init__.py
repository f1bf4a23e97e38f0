"""The high-level count: every pound of public spend in a place, counted once.

Pages and other tools use `count.service` (and a page `count.charts`); the rest is the
count's own business (docs/ARCHITECTURE.md)."""
