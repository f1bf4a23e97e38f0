"""Live workshop reads and writes: sessions, forces, ORID answers and actions."""

from __future__ import annotations

from totalplace_core.store.connection import Connection


class WorkshopQueries(Connection):
    pass
