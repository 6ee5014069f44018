"""The committed OpenAPI document matches the code, so API changes are visible in review."""

from __future__ import annotations

from pathlib import Path

from modelreg.api.spec import openapi_document, render

SNAPSHOT = Path(__file__).parents[2] / "docs" / "openapi.json"


def test_committed_openapi_matches_the_code() -> None:
    assert SNAPSHOT.read_text(encoding="utf-8") == render(openapi_document()), (
        "the API changed: run `make openapi` and commit docs/openapi.json"
    )


def test_every_operation_documents_problems_and_a_summary() -> None:
    spec = openapi_document()
    assert spec["openapi"].startswith("3.1")
    for path, item in spec["paths"].items():
        for method, op in item.items():
            assert op.get("summary"), (method, path)
            if path.startswith("/api/"):
                assert "401" in op["responses"] and "403" in op["responses"], (method, path)
                assert op.get("security"), (method, path)
