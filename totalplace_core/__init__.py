"""Total Place Studio: count, map and redesign all the public spend in a place."""

__version__ = "0.1.0"
