"""The one assertion the checks use, so a broken promise names itself."""

from __future__ import annotations


class CheckFailed(AssertionError):
    pass


def need(condition: bool, message: str) -> None:
    if not condition:
        raise CheckFailed(message)
