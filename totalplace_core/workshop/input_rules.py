"""What a person types or chooses, checked before it is saved."""

from __future__ import annotations

__all__ = ["MAX_TEXT", "WorkshopInputError"]

MAX_TEXT = 500


class WorkshopInputError(ValueError):
    """Something a person typed or chose that cannot be saved; the message says why."""


def required_text(text: str | None, what: str) -> str:
    cleaned = (text or "").strip()
    if not cleaned:
        raise WorkshopInputError(f"Please write {what}.")
    if "\x00" in cleaned:  # no keyboard types it; no database's text holds it
        raise WorkshopInputError(f"Please retype {what}: it holds an invisible NUL "
                                 "character, which cannot be saved.")
    if len(cleaned) > MAX_TEXT:
        raise WorkshopInputError(f"Please shorten {what} to {MAX_TEXT} characters or fewer "
                                 f"(it has {len(cleaned)}).")
    return cleaned
