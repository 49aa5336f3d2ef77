"""Feature preprocessing pipelines."""

from lib_one.config import load_config


def run(config_path: str) -> dict:
    return load_config(config_path)
