"""Data quality reports."""

from logger.core import get_logger


def main() -> None:
    get_logger("reports").info("report done")
