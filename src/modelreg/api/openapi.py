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
    _add_links(spec)
    return spec


_M = "/api/v1/models/{group}/{name}"
_V = _M + "/versions/{version}"
_P = "/api/v1/promotions/{promotion_id}"
_U = "/api/v1/users/{username}"
_FROM_MODEL = {"group": "$response.body#/group", "name": "$response.body#/name"}
_FROM_VERSION = {
    "group": "$request.path.group",
    "name": "$request.path.name",
    "version": "$response.body#/version",
}
# (creating operation, status) -> the operations its response identifies, and how (OpenAPI links),
# so clients and stateful fuzzers can follow a created resource.
LINKS: dict[tuple[str, str, str], tuple[dict[str, str], list[tuple[str, str]]]] = {
    ("post", "/api/v1/models", "201"): (
        _FROM_MODEL,
        [("get", _M), ("patch", _M), ("get", _M + "/versions"), ("post", _M + "/versions")],
    ),
    ("post", _M + "/versions", "201"): (
        _FROM_VERSION,
        [
            ("get", _V),
            ("patch", _V),
            ("post", _V + "/seal"),
            ("get", _V + "/artifacts"),
            ("post", _V + "/lineage"),
            ("get", _V + "/card"),
            ("post", _V + "/promotions"),
            ("get", _V + "/history"),
        ],
    ),
    ("post", _V + "/promotions", "201"): (
        {"promotion_id": "$response.body#/id"},
        [("get", _P), ("post", _P + "/approvals")],
    ),
    ("post", "/api/v1/users", "201"): (
        {"username": "$response.body#/username"},
        [("get", _U), ("get", _U + "/tokens"), ("post", _U + "/tokens")],
    ),
}


def _add_links(spec: dict[str, Any]) -> None:
    paths = spec["paths"]
    for (method, path, status), (parameters, targets) in LINKS.items():
        response = paths[path][method]["responses"][status]
        links = response.setdefault("links", {})
        for target_method, target_path in targets:
            target = paths[target_path][target_method]
            wanted = {p["name"] for p in target.get("parameters", []) if p["in"] == "path"}
            links[target["operationId"]] = {
                "operationId": target["operationId"],
                "parameters": {k: v for k, v in parameters.items() if k in wanted},
            }


def install_openapi(app: FastAPI) -> None:
    """Serve the post-processed document at /openapi.json."""
    generate = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = declare_enforcement(generate())
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
