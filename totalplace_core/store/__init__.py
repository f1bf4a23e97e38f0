"""The DuckDB store: the one place SQL lives."""

from totalplace_core.store.connection import (
    StoreError,
    StoreLockedError,
    default_db_path,
    new_id,
    now_utc,
)
from totalplace_core.store.places import Store, require_place

__all__ = [
    "Store",
    "StoreError",
    "StoreLockedError",
    "default_db_path",
    "new_id",
    "now_utc",
    "require_place",
]
