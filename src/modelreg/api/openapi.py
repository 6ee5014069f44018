"""Post-process the generated OpenAPI document so it declares what the server enforces."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI

from modelreg.api.problems import MEDIA_TYPE

PROBLEM_REF = {"$ref": "#/components/schemas/Problem"}
_METHODS = ("get", "put", "post", "patch", "delete", "head", "options")


def _problem_content() -> dict[str, Any]:
    return {MEDIA_TYPE: {"schema": dict(PROBLEM_REF)}}


def _without_null(schema: dict[str, Any]) -> dict[str, Any]:
    """A parameter is null by being absent: `str | None` must not offer a literal `null`."""
    variants = schema.get("anyOf")
    if not variants:
        return schema
    kept = [v for v in variants if v != {"type": "null"}]
    rest = {k: v for k, v in schema.items() if k != "anyOf"}
    if len(kept) == 1:
        return {**kept[0], **rest}
    return {**rest, "anyOf": kept}


def declare_enforcement(spec: dict[str, Any]) -> dict[str, Any]:
    """Errors are problem+json; a JSON body may be refused as malformed (400)."""
    for item in spec.get("paths", {}).values():
        for method in _METHODS:
            operation = item.get(method)
            if operation is None:
                continue
            for parameter in operation.get("parameters", []):
                parameter["schema"] = _without_null(parameter.get("schema", {}))
            responses: dict[str, Any] = operation.setdefault("responses", {})
            body = operation.get("requestBody", {}).get("content", {})
            if "application/json" in body:
                responses.setdefault("400", {"description": "The request body is not valid JSON"})
            for status, response in responses.items():
                if status.isdigit() and int(status) >= 400:
                    # FastAPI documents its own 422 shape as application/json; ours differs.
                    if status == "422" and response.get("description") == "Validation Error":
                        response["description"] = "A value breaks a rule; `errors` names the fields"
                    response["content"] = _problem_content()
    schemas = spec.get("components", {}).get("schemas", {})
    for unused in ("HTTPValidationError", "ValidationError"):
        schemas.pop(unused, None)
    return spec


def install_openapi(app: FastAPI) -> None:
    """Serve the post-processed document at /openapi.json."""
    generate = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = declare_enforcement(generate())
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
