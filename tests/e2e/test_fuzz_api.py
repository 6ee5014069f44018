"""Schemathesis against a real `modelreg serve`: every operation, stateless and stateful.

Every built-in check runs (not_a_server_error, response_schema_conformance,
positive_data_acceptance, negative_data_rejection, status_code_conformance,
content_type_conformance, ...). The run is small and derandomized by default; set
MODELREG_FUZZ_EXAMPLES (examples per operation) and MODELREG_FUZZ_STEPS (stateful scenarios)
for a longer release run (docs/testing.md).
"""

from __future__ import annotations

import os
import uuid
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis import Case
from schemathesis.config import SchemathesisConfig
from schemathesis.generation.stateful.state_machine import APIStateMachine

from conftest import Backend, Server, start_server
from modelreg.api.spec import openapi_document

pytestmark = pytest.mark.e2e

EXAMPLES = int(os.environ.get("MODELREG_FUZZ_EXAMPLES", "5"))
STEPS = int(os.environ.get("MODELREG_FUZZ_STEPS", "15"))
SEED = 20261207
# Revoking tokens would let the fuzzer lock itself out halfway; token revocation has its own
# tests (tests/integration/test_permissions.py, tests/e2e/test_cli.py).
EXCLUDED = {("DELETE", "/api/v1/tokens/{token_id}")}


@pytest.fixture(scope="module")
def fuzz_server(backend: Backend, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """A server of its own, so fuzz data neither sees nor disturbs the other e2e tests."""
    running = start_server(tmp_path_factory.mktemp(f"fuzz-{backend.name}"), backend.new_database())
    yield running
    running.stop()


def _load(token: str | None = None) -> Any:
    """The app's OpenAPI document (what `modelreg serve` serves, pinned by the snapshot test)."""
    config: dict[str, Any] = {
        "seed": SEED,
        # The token is sent on every request; removing it is tested in test_permissions.py.
        "generation": {
            "max-examples": EXAMPLES,
            "deterministic": True,
            "with-security-parameters": False,
        },
        "request-timeout": 60,
    }
    if token is not None:
        config["headers"] = {"Authorization": f"Bearer {token}"}
    loaded = schemathesis.openapi.from_dict(
        openapi_document(), config=SchemathesisConfig.from_dict(config)
    )
    for method, path in EXCLUDED:
        loaded = loaded.exclude(method=method, path=path)
    return loaded


class Tally:
    """Requests sent and failures seen, printed at the end of the module (the release figures)."""

    def __init__(self) -> None:
        self.requests: Counter[str] = Counter()
        self.failures: Counter[str] = Counter()

    def report(self, path: Path) -> None:
        """Append the figures to `path`."""
        with path.open("a") as out:
            out.write(f"requests={dict(self.requests)} failures={dict(self.failures)}\n")


TALLY = Tally()


def _check(case: Case, server: Server, backend: str) -> None:
    TALLY.requests[backend] += 1
    if case.headers and "Idempotency-Key" in case.headers:
        # Reusing a key with another body is a 422 by design; a client sends a new key per request.
        case.headers["Idempotency-Key"] = uuid.uuid4().hex
    try:
        case.call_and_validate(
            base_url=server.url, headers={"Authorization": f"Bearer {server.token}"}, timeout=60
        )
    except Exception as exc:
        TALLY.failures[f"{backend} {type(exc).__name__}"] += 1
        raise


schema = _load()


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    derandomize=True,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    database=None,
)
def test_stateless(case: Case, fuzz_server: Server, backend: Backend) -> None:
    """Each operation answers every generated request without a check failing."""
    _check(case, fuzz_server, backend.name)


def test_stateful(fuzz_server: Server, backend: Backend) -> None:
    """Scenarios that follow the OpenAPI links (create a model, then read, change, version it)."""
    machine: type[APIStateMachine] = _load(fuzz_server.token).as_state_machine()
    url = fuzz_server.url

    class Machine(machine):  # type: ignore[valid-type,misc]
        def get_call_kwargs(self, case: Case) -> dict[str, Any]:
            TALLY.requests[f"{backend.name} stateful"] += 1
            return {"base_url": url, "timeout": 60}

    Machine.run(
        settings=settings(
            max_examples=STEPS,
            stateful_step_count=8,
            derandomize=True,
            deadline=None,
            suppress_health_check=list(HealthCheck),
            database=None,
        )
    )
    assert httpx.get(f"{url}/api/v1/me", headers={"Authorization": f"Bearer {fuzz_server.token}"})


def test_figures(
    fuzz_server: Server, backend: Backend, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """Record how many requests the run sent (for the release notes of a long run)."""
    out = tmp_path_factory.getbasetemp() / "fuzz-figures.txt"
    TALLY.report(out)
    assert TALLY.requests[backend.name] > 0
