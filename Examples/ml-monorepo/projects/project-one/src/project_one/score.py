"""Batch scoring job."""

import lib_one.config
from logger.core import get_logger


def main() -> None:
    get_logger("scoring").info("config: %s", lib_one.config.load_config("score.yaml"))
