"""Helpers shared by the API tests: an in-process client that can act as different users."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from fastapi.testclient import TestClient

from modelreg.domain.access import Role
from modelreg.wiring import Registry

MODEL = {
    "group": "fraud",
    "name": "credit-scorer",
    "risk_tier": "high",
    "description": "Gradient boosted fraud scorer",
    "tags": {"team": "risk"},
    "license": "Apache-2.0",
}


def assert_problem(resp: Any, status: int, code: str) -> dict[str, Any]:
    """Assert a problem+json response of `status` with type `code`, and return its body."""
    assert resp.status_code == status, resp.text
    assert resp.headers["content-type"].startswith("application/problem+json")
    body: dict[str, Any] = resp.json()
    assert body["type"].endswith("/" + code)
    assert body["status"] == status and body["detail"]
    assert body["request_id"] == resp.headers["x-request-id"]
    return body


@dataclass
class Api:
    """An in-process HTTP client bound to the app, plus helpers to act as different users."""

    registry: Registry
    http: TestClient

    def run_jobs(self) -> int:
        """Run every queued background job (security scans) now, as the worker would."""
        return self.registry.worker("test-worker").run_until_idle()

    def user(self, username: str, *roles: Role) -> dict[str, str]:
        """Create a user with roles and return its Authorization header."""
        self.registry.identity.create_user(
            actor="system", username=username, roles=frozenset(roles)
        )
        issued = self.registry.identity.issue_token(
            actor="system", username=username, expires_in=timedelta(days=1)
        )
        return {"Authorization": f"Bearer {issued.token}"}
