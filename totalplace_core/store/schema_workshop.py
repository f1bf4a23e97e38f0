"""Tables added for live workshops (migration 4). Empty until that work needs any."""

STATEMENTS: list[str] = []
