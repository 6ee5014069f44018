"""Fixtures of the API tests: the app over a fresh registry, and users to act as."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from api_support import Api
from fastapi.testclient import TestClient

from modelreg.api.app import create_app
from modelreg.domain.access import Role
from modelreg.wiring import Registry


@pytest.fixture
def api(registry: Registry) -> Iterator[Api]:
    """The FastAPI app over the fresh registry."""
    with TestClient(create_app(registry), raise_server_exceptions=False) as http:
        yield Api(registry, http)


@pytest.fixture
def admin(api: Api) -> dict[str, str]:
    """Auth header of an admin."""
    return api.user("root", Role.ADMIN)


@pytest.fixture
def owner(api: Api) -> dict[str, str]:
    """Auth header of a model owner named alice."""
    return api.user("alice", Role.MODEL_OWNER)
