"""The HTTP layer of the SDK: one httpx client, problem+json errors, URL building."""

from __future__ import annotations

from collections.abc import Container, Iterable, Iterator, Mapping
from contextlib import contextmanager
from datetime import datetime
from typing import Any
from urllib.parse import quote

import httpx

from modelreg import __version__
from modelreg.client.errors import ApiError
from modelreg.domain.artifact_paths import validate_artifact_path
from modelreg.domain.errors import Unavailable
from modelreg.domain.names import ModelName, VersionRef

API = "/api/v1"
ParamValue = str | int | bool | datetime | None | Iterable[str]


def model_url(model: str | ModelName) -> str:
    """The URL path of a model, from `group/name` (validated before any request is sent)."""
    parsed = model if isinstance(model, ModelName) else ModelName.parse(model)
    return f"{API}/models/{quote(parsed.group, safe='')}/{quote(parsed.name, safe='')}"


def version_url(ref: str | VersionRef) -> str:
    """The URL path of a version, from `group/name@version` (validated before sending)."""
    parsed = ref if isinstance(ref, VersionRef) else VersionRef.parse(ref)
    # '+' (SemVer build metadata) must be escaped or a server may read it as a space.
    return f"{model_url(parsed.model)}/versions/{quote(parsed.version, safe='')}"


def artifact_url(ref: str | VersionRef, path: str) -> str:
    """The URL path of one artifact (a relative POSIX path, validated before sending)."""
    # Validated here too: an HTTP client would silently normalise a '..' segment away.
    return f"{version_url(ref)}/artifacts/{quote(validate_artifact_path(path), safe='/')}"


def idempotency(key: str | None) -> dict[str, str] | None:
    """The Idempotency-Key header, when the caller wants a retry-safe create."""
    return {"Idempotency-Key": key} if key else None


def _params(params: Mapping[str, ParamValue]) -> dict[str, str | list[str]]:
    """Query parameters without the unset ones, in the forms the API parses."""
    out: dict[str, str | list[str]] = {}
    for key, value in params.items():
        if value is None:
            continue
        if isinstance(value, bool):
            out[key] = "true" if value else "false"
        elif isinstance(value, datetime):
            out[key] = value.isoformat()
        elif isinstance(value, str | int):
            out[key] = str(value)
        else:
            values = list(value)
            if values:
                out[key] = values
    return out


class Http:
    """Sends requests to one server with the bearer token; raises ApiError unless 2xx."""

    def __init__(self, base_url: str, token: str | None, timeout: float | httpx.Timeout) -> None:
        headers = {"User-Agent": f"modelreg-sdk/{__version__}"}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        self.base_url = base_url.rstrip("/")
        self._client = httpx.Client(base_url=self.base_url, headers=headers, timeout=timeout)

    def close(self) -> None:
        """Close the connection pool."""
        self._client.close()

    def request(
        self,
        method: str,
        url: str,
        *,
        params: Mapping[str, ParamValue] | None = None,
        json: Any = None,
        headers: Mapping[str, str] | None = None,
        content: Iterable[bytes] | bytes | None = None,
        answers: Container[int] = (),
    ) -> httpx.Response:
        """Send one request and return its response (body read): a 2xx, or a status in `answers`."""
        try:
            response = self._client.request(
                method,
                url,
                params=_params(params or {}),
                json=json,
                headers=headers,
                content=content,
            )
        except httpx.TransportError as exc:
            raise self._unreachable(exc) from exc
        if not response.is_success and response.status_code not in answers:
            raise ApiError.from_response(response)
        return response

    @contextmanager
    def stream(
        self, method: str, url: str, *, headers: Mapping[str, str] | None = None
    ) -> Iterator[httpx.Response]:
        """Send a request and yield its 2xx response with the body still unread."""
        try:
            with self._client.stream(method, url, headers=headers) as response:
                if not response.is_success:
                    response.read()
                    raise ApiError.from_response(response)
                yield response
        except httpx.TransportError as exc:
            raise self._unreachable(exc) from exc

    def _unreachable(self, exc: httpx.TransportError) -> Unavailable:
        what = type(exc).__name__
        return Unavailable(f"could not talk to the registry at {self.base_url}: {what}: {exc}")
