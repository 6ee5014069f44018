"""Schemathesis against a real `modelreg serve`: every operation stateless, and stateful scenarios
that follow the OpenAPI links.

Every built-in check runs (not_a_server_error, response_schema_conformance,
positive_data_acceptance, negative_data_rejection, status_code_conformance,
content_type_conformance, missing_required_header, ...). The run is small and derandomized by
default; MODELREG_FUZZ_EXAMPLES (examples per operation) and MODELREG_FUZZ_STEPS (stateful
scenarios) make the longer release run described in docs/testing.md.
"""

from __future__ import annotations

import os
import uuid
from collections import Counter
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from hypothesis.errors import Flaky
from schemathesis import Case
from schemathesis.config import SchemathesisConfig

from conftest import Backend, Server, start_server
from modelreg.api.spec import openapi_document

if TYPE_CHECKING:
    from schemathesis.core.transport import Response

pytestmark = pytest.mark.e2e

EXAMPLES = int(os.environ.get("MODELREG_FUZZ_EXAMPLES", "5"))
STEPS = int(os.environ.get("MODELREG_FUZZ_STEPS", "10"))
SEED = 20261207
M = "/api/v1/models/{group}/{name}"
V = M + "/versions/{version}"
# Revoking tokens, or disabling users and taking their roles, would let the fuzzer lock itself
# out halfway; both have their own tests (tests/integration/test_permissions.py,
# tests/e2e/test_cli.py, tests/integration/test_risk_tier_governance.py,
# tests/integration/test_user_admin_cli.py).
EXCLUDED = [("DELETE", "/api/v1/tokens/{token_id}"), ("PATCH", "/api/v1/users/{username}")]
# Operations whose bodies or parameters obey rules JSON Schema cannot state, so a schema-valid
# request may rightly be a 422: references to other rows, document formats, time and cross-field
# rules. Everything else must accept every schema-valid request.
BEYOND_SCHEMA = {
    ("POST", "/api/v1/models"): "owners must be registered users; license must be SPDX",
    ("PATCH", M): "owners must be registered users; license must be SPDX",
    ("PUT", V + "/artifacts/{path}"): "declared digest must match the body; 255-byte segments",
    ("GET", "/api/v1/lineage/usages"): "needs ref or digest (one of two parameters)",
    ("PUT", "/api/v1/policies"): "text must be a policy set (YAML with CEL rules)",
    ("POST", "/api/v1/policies/dry-run"): "text must be a policy set (YAML with CEL rules)",
    ("POST", V + "/exceptions"): "expires_at must be in the future, at most 90 days ahead",
    ("PUT", V + "/container-sbom"): "body must be a CycloneDX or SPDX document",
    ("PUT", V + "/signature"): "body must be a Sigstore bundle",
    ("PUT", "/api/v1/security/license-policy"): "entries must be SPDX license ids",
    ("POST", "/api/v1/security/trusted-signers"): "PEM keys and certificates, per kind",
}
POSITIVE_OK = ["2xx", "3xx", "401", "403", "404", "409", "429"]


def _load() -> Any:
    """The app's OpenAPI document (what `modelreg serve` serves, pinned by the snapshot test)."""
    config: dict[str, Any] = {
        "seed": SEED,
        # The token is sent on every request; requests without one are test_permissions.py's.
        "generation": {
            "max-examples": EXAMPLES,
            "deterministic": True,
            "with-security-parameters": False,
        },
        "request-timeout": 60,
        "checks": {"positive_data_acceptance": {"expected-statuses": POSITIVE_OK}},
        "operations": [
            {
                "include-method": method,
                "include-path": path,
                "checks": {
                    "positive_data_acceptance": {"expected-statuses": [*POSITIVE_OK, "422"]}
                },
            }
            for method, path in BEYOND_SCHEMA
        ],
    }
    loaded = schemathesis.openapi.from_dict(
        openapi_document(), config=SchemathesisConfig.from_dict(config)
    )
    for method, path in EXCLUDED:
        loaded = loaded.exclude(method=method, path=path)
    return loaded


class Tally:
    """Requests sent and check failures, per backend (the figures of a release run)."""

    def __init__(self) -> None:
        self.requests: Counter[str] = Counter()
        self.failures: Counter[str] = Counter()

    def line(self, backend: str) -> str:
        """One line of figures for the run on `backend`."""
        failures = {k: v for k, v in self.failures.items() if k.startswith(backend)}
        stateful = self.requests[f"{backend} stateful"]
        return (
            f"fuzz {backend}: {self.requests[backend]} stateless cases, {stateful} stateful "
            f"requests, failures {failures or 'none'}"
        )


TALLY = Tally()


@pytest.fixture(scope="module")
def fuzz_server(backend: Backend, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """A server of its own, so fuzz data neither sees nor disturbs the other e2e tests."""
    running = start_server(tmp_path_factory.mktemp(f"fuzz-{backend.name}"), backend.new_database())
    yield running
    running.stop()
    print(TALLY.line(backend.name))


def _prepare(case: Case) -> None:
    """Give the request what only the server can issue, as a real client would."""
    if case.headers and "Idempotency-Key" in case.headers:
        # A reused key with another body is a 422 by design; clients send a new key per request.
        case.headers["Idempotency-Key"] = uuid.uuid4().hex
    if (
        case.query
        and "cursor" in case.query
        and case.meta
        and case.meta.generation.mode.is_positive
    ):
        # Cursors are opaque and issued by the server; the stateful run follows real ones.
        del case.query["cursor"]


def _count(backend: str, response: Response | None, error: BaseException | None) -> None:
    TALLY.requests[backend] += 1
    if error is not None:
        for failure in getattr(error, "exceptions", [error]):
            TALLY.failures[f"{backend} {getattr(failure, 'title', type(failure).__name__)}"] += 1
    elif response is not None and response.status_code >= 500:
        TALLY.failures[f"{backend} server error"] += 1


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
    """Each operation answers every generated request without any check failing."""
    _prepare(case)
    try:
        case.call_and_validate(
            base_url=fuzz_server.url,
            headers={"Authorization": f"Bearer {fuzz_server.token}"},
            timeout=60,
        )
    except BaseException as error:
        _count(backend.name, None, error)
        raise
    _count(backend.name, None, None)


def test_stateful(fuzz_server: Server, backend: Backend) -> None:
    """Scenarios along the links: create a model, read and change it, version it, and so on."""
    machine = _load().as_state_machine()
    auth = {"Authorization": f"Bearer {fuzz_server.token}"}
    url = fuzz_server.url
    name = f"{backend.name} stateful"

    class Scenarios(machine):  # type: ignore[misc,valid-type]
        def before_call(self, case: Case) -> None:
            _prepare(case)

        def get_call_kwargs(self, case: Case) -> dict[str, Any]:
            return {"base_url": url, "headers": auth, "timeout": 60}

        def validate_response(self, response: Response, case: Case, **kwargs: Any) -> None:
            try:
                super().validate_response(response, case, **kwargs)
            except BaseException as error:
                _count(name, response, error)
                raise
            _count(name, response, None)

    try:
        Scenarios.run(
            settings=settings(
                max_examples=STEPS,
                stateful_step_count=6,
                derandomize=True,
                deadline=None,
                suppress_health_check=list(HealthCheck),
                database=None,
            )
        )
    except Flaky:
        # The server keeps its state between scenarios, so a replayed prefix can enable other
        # rules; as in `schemathesis run`, that alone is no failure. Check failures are counted.
        failed = [k for k in TALLY.failures if k.startswith(name)]
        assert not failed, failed
    assert TALLY.requests[name] > 0
