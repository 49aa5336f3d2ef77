"""shared feature and config helpers for the ML stack."""

__version__ = "1.4.0"
