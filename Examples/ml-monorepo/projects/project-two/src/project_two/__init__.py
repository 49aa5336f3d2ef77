"""data quality reports."""

__version__ = "0.2.0"
