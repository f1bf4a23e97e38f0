"""The wall's own error, in a module of its own so every wall module and page can catch it
without importing the others."""


class WallInputError(ValueError):
    """Something a person typed on the wall that cannot be saved; the message says what."""
