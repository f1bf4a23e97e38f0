"""Tables added for the mapping wall (migration 3). Empty until that work needs any."""

STATEMENTS: list[str] = []
