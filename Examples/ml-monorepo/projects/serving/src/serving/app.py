"""The serving endpoint."""

from preprocessing.pipeline import run


def handle(request: dict) -> dict:
    return run(request["config"])
