"""Model training entry point."""

from preprocessing import pipeline


def main() -> None:
    pipeline.run("train.yaml")
