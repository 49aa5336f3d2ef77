# lib-one is a dev dependency of project-two: only its tests import it.
from lib_one.config import load_config


def test_config() -> None:
    assert load_config("x.yaml") == {"path": "x.yaml"}
