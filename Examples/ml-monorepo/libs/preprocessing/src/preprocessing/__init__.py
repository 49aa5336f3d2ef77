"""feature preprocessing pipelines."""

__version__ = "0.9.0"
