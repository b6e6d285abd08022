import pytest


@pytest.fixture
def app_plugins() -> list[str]:
    return ["party"]
