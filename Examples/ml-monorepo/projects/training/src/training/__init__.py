"""model training entry points."""

__version__ = "0.5.0"
