"""Mapping wall reads and writes: flows, flow nodes and pinned notes."""

from __future__ import annotations

from totalplace_core.store.connection import Connection


class WallQueries(Connection):
    pass
