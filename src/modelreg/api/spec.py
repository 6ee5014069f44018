"""The OpenAPI document as committed in docs/openapi.json (regenerate with `make openapi`)."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

from modelreg.api.app import create_app
from modelreg.config import Settings
from modelreg.wiring import build_registry


def openapi_document() -> dict[str, Any]:
    """Build the app on a throwaway home (no database needed) and return its OpenAPI document."""
    with tempfile.TemporaryDirectory() as home:
        registry = build_registry(Settings(home=Path(home), database_url=f"sqlite:///{home}/x.db"))
        try:
            spec: dict[str, Any] = create_app(registry).openapi()
        finally:
            registry.close()
    return spec


def render(spec: dict[str, Any]) -> str:
    """Stable text form of the document, for committing and diffing."""
    return json.dumps(spec, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def main() -> None:
    """Write docs/openapi.json."""
    Path("docs/openapi.json").write_text(render(openapi_document()), encoding="utf-8")


if __name__ == "__main__":
    main()
