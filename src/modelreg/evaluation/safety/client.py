"""An OpenAI-compatible chat-completions client: bounded concurrency, timeouts, bounded retries.

One `httpx.Client` (thread-safe, keep-alive pool sized to the concurrency) is shared by a thread
pool, so at most `concurrency` requests are in flight. 429 and 5xx answers and dropped
connections are retried with exponential backoff (honouring `Retry-After`, capped); a request
that gets no answer within the timeout is not retried, so a hanging endpoint costs at most one
timeout per in-flight request. Every failure is a `ChatEndpointError` (a `HarnessError`) whose
message says what to fix; the secret never appears in one.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Sequence
from concurrent.futures import FIRST_EXCEPTION, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any

import httpx

from modelreg.evaluation.harness import EndpointInput, HarnessError

_EXCERPT = 200


class ChatEndpointError(HarnessError):
    """The chat endpoint could not be used: refused credentials, wrong URL, timeouts, bad JSON."""


@dataclass(frozen=True)
class ToolCall:
    """A function call the model asked for: the tool's name and its raw JSON arguments."""

    name: str
    arguments: str


@dataclass(frozen=True)
class ChatReply:
    """The first choice of a chat completion: its text and the tools it called."""

    content: str
    tool_calls: tuple[ToolCall, ...] = ()

    def full_text(self) -> str:
        """The content followed by every tool call's name and arguments (what a judge reads)."""
        calls = [f"[tool call {c.name}({c.arguments})]" for c in self.tool_calls]
        return "\n".join([self.content, *calls]) if calls else self.content


@dataclass(frozen=True)
class ChatRequest:
    """One completion to ask for."""

    messages: list[dict[str, Any]]
    tools: list[dict[str, Any]] = field(default_factory=list)
    max_tokens: int | None = None
    temperature: float | None = 0.0


@dataclass
class ClientStats:
    """What the client did: requests sent (retries included), retries, and time waiting."""

    requests: int = 0
    retries: int = 0
    seconds: float = 0.0


def _excerpt(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= _EXCERPT else text[:_EXCERPT] + "…"


def _retry_after(response: httpx.Response) -> float | None:
    value = response.headers.get("retry-after")
    if value is None:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        # An HTTP date instead of seconds: fall back to our own backoff.
        return None


def parse_reply(data: Any, url: str) -> ChatReply:
    """The first choice of a chat-completion JSON body; ChatEndpointError naming what is missing."""
    try:
        message = data["choices"][0]["message"]
    except (KeyError, IndexError, TypeError):
        raise ChatEndpointError(
            f"{url} answered JSON without choices[0].message, so it is not an OpenAI-compatible "
            f"chat completion: {_excerpt(json.dumps(data))}"
        ) from None
    if not isinstance(message, dict):
        raise ChatEndpointError(f"{url} answered a choices[0].message that is not an object")
    content = message.get("content") or ""
    if not isinstance(content, str):
        # Some servers send content parts; keep their text.
        parts = content if isinstance(content, list) else []
        content = "".join(str(p.get("text", "")) for p in parts if isinstance(p, dict))
    calls: list[ToolCall] = []
    for call in message.get("tool_calls") or []:
        function = call.get("function") if isinstance(call, dict) else None
        if isinstance(function, dict):
            arguments = function.get("arguments", "")
            if not isinstance(arguments, str):
                arguments = json.dumps(arguments)
            calls.append(ToolCall(str(function.get("name", "")), arguments))
    return ChatReply(content=content, tool_calls=tuple(calls))


class ChatClient:
    """Calls `{endpoint.url}/chat/completions`; use as a context manager or call `close()`."""

    def __init__(
        self,
        endpoint: EndpointInput,
        *,
        concurrency: int = 8,
        timeout_s: float = 30.0,
        retries: int = 3,
        backoff_s: float = 0.5,
        max_backoff_s: float = 8.0,
    ) -> None:
        """A client for one endpoint; `retries` bounds the extra attempts per request."""
        if not endpoint.url.startswith(("http://", "https://")):
            raise ChatEndpointError(
                f"endpoint url {endpoint.url!r} must start with http:// or https:// "
                "(e.g. http://127.0.0.1:9000/v1)"
            )
        self.endpoint = endpoint
        self.url = endpoint.url.rstrip("/") + "/chat/completions"
        self.concurrency = concurrency
        self.timeout_s = timeout_s
        self.retries = retries
        self.backoff_s = backoff_s
        self.max_backoff_s = max_backoff_s
        self.stats = ClientStats()
        self._lock = threading.Lock()
        headers = {"Accept": "application/json"}
        if endpoint.secret:
            headers["Authorization"] = f"Bearer {endpoint.secret}"
        self._http = httpx.Client(
            headers=headers,
            timeout=httpx.Timeout(timeout_s),
            limits=httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency),
            follow_redirects=False,
        )

    def __enter__(self) -> ChatClient:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        """Close the connection pool."""
        self._http.close()

    def _body(self, request: ChatRequest) -> dict[str, Any]:
        body: dict[str, Any] = {"messages": request.messages}
        if self.endpoint.model:
            body["model"] = self.endpoint.model
        if request.tools:
            body["tools"] = request.tools
        if request.max_tokens is not None:
            body["max_tokens"] = request.max_tokens
        if request.temperature is not None:
            body["temperature"] = request.temperature
        return body

    def _count(self, *, retry: bool, seconds: float) -> None:
        with self._lock:
            self.stats.requests += 1
            self.stats.retries += int(retry)
            self.stats.seconds += seconds

    def _backoff(self, attempt: int, response: httpx.Response | None) -> float:
        hinted = _retry_after(response) if response is not None else None
        delay = hinted if hinted is not None else self.backoff_s * (2**attempt)
        return min(delay, self.max_backoff_s)

    def complete(self, request: ChatRequest) -> ChatReply:
        """One completion, retried on 429/5xx and dropped connections up to `retries` times."""
        body = self._body(request)
        last_problem = ""
        for attempt in range(self.retries + 1):
            started = time.monotonic()
            response: httpx.Response | None = None
            try:
                response = self._http.post(self.url, json=body)
            except httpx.TimeoutException:
                self._count(retry=attempt > 0, seconds=time.monotonic() - started)
                raise ChatEndpointError(
                    f"{self.url} gave no answer within {self.timeout_s:g} s; raise the suite's "
                    "harness.config.timeout_seconds or check the endpoint"
                ) from None
            except (httpx.NetworkError, httpx.RemoteProtocolError) as exc:
                last_problem = f"the connection failed ({type(exc).__name__}: {exc})"
            self._count(retry=attempt > 0, seconds=time.monotonic() - started)
            if response is not None:
                status = response.status_code
                if status == 429 or status >= 500:
                    last_problem = f"it answered HTTP {status}: {_excerpt(response.text)}"
                else:
                    return self._accept(response)
            if attempt < self.retries:
                time.sleep(self._backoff(attempt, response))
        raise ChatEndpointError(
            f"{self.url} failed after {self.retries + 1} attempts; the last time {last_problem}"
        )

    def _accept(self, response: httpx.Response) -> ChatReply:
        status = response.status_code
        if status in (401, 403):
            raise ChatEndpointError(
                f"{self.url} refused the credentials (HTTP {status}); check the secret the "
                "suite's endpoint names (secret: env:NAME) is set in the worker's environment "
                "and valid"
            )
        if status == 404:
            raise ChatEndpointError(
                f"{self.url} does not exist (HTTP 404); the endpoint url should be the API base "
                "that /chat/completions is under, usually ending in /v1"
            )
        if status >= 400:
            raise ChatEndpointError(
                f"{self.url} refused the request (HTTP {status}): {_excerpt(response.text)}"
            )
        try:
            data = response.json()
        except ValueError:
            raise ChatEndpointError(
                f"{self.url} answered HTTP {status} with a body that is not JSON: "
                f"{_excerpt(response.text)}"
            ) from None
        return parse_reply(data, self.url)

    def complete_many(self, requests: Sequence[ChatRequest]) -> list[ChatReply]:
        """Every completion, in order, at most `concurrency` at a time; stops at the first error."""
        if not requests:
            return []
        with ThreadPoolExecutor(max_workers=min(self.concurrency, len(requests))) as pool:
            futures: list[Future[ChatReply]] = [pool.submit(self.complete, r) for r in requests]
            done, _ = wait(futures, return_when=FIRST_EXCEPTION)
            errors = [e for f in futures if f in done and (e := f.exception()) is not None]
            if errors:
                for future in futures:
                    future.cancel()
                raise errors[0]
            return [f.result() for f in futures]
