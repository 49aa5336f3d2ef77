"""Configuration loading shared by the ML stack."""

from logger.core import get_logger

log = get_logger(__name__)


def load_config(path: str) -> dict:
    log.info("loading %s", path)
    return {"path": path}
