"""batch scoring jobs."""

__version__ = "2.1.0"
