"""structured logging setup shared by all services."""

__version__ = "0.3.1"
