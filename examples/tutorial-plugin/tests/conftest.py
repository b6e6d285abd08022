"""The notices plugin's tests run against an app that enables it alone (``gql``, ``role_clients``
and ``scope_matrix`` follow ``app_plugins``), whatever else is installed."""

import pytest


@pytest.fixture
def app_plugins() -> list[str]:
    return ["notices"]
