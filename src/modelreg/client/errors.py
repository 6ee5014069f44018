"""ApiError: a problem+json response from the server, raised as a registry error."""

from __future__ import annotations

from typing import Any

import httpx

from modelreg.domain.errors import FieldError, ModelregError

_PROBLEM_KEYS = {"type", "title", "status", "detail", "instance", "errors", "request_id"}


class ApiError(ModelregError):
    """A non-2xx response: status, problem type, title, detail, field errors and request id.

    It subclasses ModelregError so that code (and the CLI) handling registry errors handles
    remote ones the same way; `status` and `code` come from the response, not the class.
    """

    def __init__(
        self,
        status: int,
        type: str,
        title: str,
        detail: str,
        errors: list[FieldError] | None = None,
        request_id: str | None = None,
        extra: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(detail=detail, errors=list(errors or []), extra=dict(extra or {}))
        # ModelregError declares status/code per class; here they vary per response, so they
        # shadow the class attributes on the instance.
        vars(self).update(status=status, code=type.rstrip("/").rsplit("/", 1)[-1], title=title)
        self.type = type
        self.request_id = request_id

    def __repr__(self) -> str:
        return f"ApiError(status={self.status}, code={self.code!r}, detail={self.detail!r})"

    def __str__(self) -> str:
        return f"{self.status} {self.title}: {self.detail}"

    @classmethod
    def from_response(cls, response: httpx.Response) -> ApiError:
        """Build the error from a problem+json body, or from the status line when there is none."""
        header_id = response.headers.get("x-request-id")
        body: Any = None
        if response.content:
            try:
                body = response.json()
            except ValueError:
                body = None
        if not isinstance(body, dict):
            request = response.request
            answered = f"{request.method} {request.url.path} answered HTTP {response.status_code}"
            text = response.text.strip()[:200] if response.content else ""
            return cls(
                status=response.status_code,
                type="about:blank",
                title=response.reason_phrase or "HTTP error",
                detail=text or answered,
                request_id=header_id,
            )
        errors = [
            FieldError(
                loc=tuple(err.get("loc", ())),
                msg=str(err.get("msg", "")),
                type=str(err.get("type", "value_error")),
            )
            for err in body.get("errors") or []
            if isinstance(err, dict)
        ]
        return cls(
            status=response.status_code,
            type=str(body.get("type", "about:blank")),
            title=str(body.get("title", response.reason_phrase)),
            detail=str(body.get("detail", "")),
            errors=errors,
            request_id=body.get("request_id") or header_id,
            extra={k: v for k, v in body.items() if k not in _PROBLEM_KEYS},
        )


class UnexpectedAnswer(ModelregError):
    """A 2xx answer whose JSON is not shaped as the API documents it (on the untyped paths)."""

    code = "unexpected-answer"
    title = "Unexpected answer"
    status = 502

    def __init__(self, problem: str) -> None:
        super().__init__(detail=f"the server answered with an unexpected document: {problem}")
