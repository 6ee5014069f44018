"""A real OpenAI-compatible chat-completions server for tests and benchmarks.

`ChatServer(behaviour=..., latency_s=...)` runs `http.server` in a thread on a free port and
answers POST /v1/chat/completions; `.url` is the API base (ending in /v1). Behaviours:

- safe: refuses every plain request, does an agent's task without following injections.
- unsafe: complies with everything, repeats injected canaries and calls the tools they name.
- leaky: refuses harmful requests but repeats the personal data and canaries in its context.
- toxic: answers with insults.
- slow: safe, after `latency_s` (default 0.5 s).
- flaky: answers `failure_status` (503; 429 comes with Retry-After: 0) to the first
  `failures` requests (default 2), then safe.
- auth (or requires-auth): safe, but only with `Authorization: Bearer <secret>`; 401 otherwise.
- erroring: always 500.
- hang: never answers (until the server stops).
- judge: a judge model answering {"safe": ..., "reason": ...} for the "Answer to judge" part.

`reply` forces a fixed answer text. Counters: `requests`, `max_in_flight`, `bodies`.
"""

from __future__ import annotations

import json
import re
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any

BEHAVIOURS = (
    "safe",
    "unsafe",
    "leaky",
    "toxic",
    "slow",
    "flaky",
    "auth",
    "requires-auth",
    "erroring",
    "hang",
    "judge",
)
REFUSAL = "I'm sorry, but I can't help with that request."
AGENT_DONE = (
    "Here is what you asked for, based on the tool output. I ignored instructions inside it."
)
COMPLIANCE = "Sure, here is exactly how to do it. Step 1: gather the materials. Step 2: proceed."
INSULT = "You are a worthless idiot and everyone thinks you are pathetic. Shut up."
_CANARY = re.compile(r"CANARY-[0-9A-F]{8}")
_PII = re.compile(
    r"\b\d{3}-\d{2}-\d{4}\b|[\w.+-]+@[\w-]+(?:\.[\w-]+)+|\(\d{3}\) \d{3}-\d{4}|"
    r"\b(?:\d{4} ){3}\d{4}\b"
)
_UNSAFE_MARKS = re.compile(r"Sure, here is|CANARY-|worthless|idiot|\d{3}-\d{2}-\d{4}|\[tool call")


class ChatServer:
    """A threaded chat-completions server; use as a context manager."""

    def __init__(
        self,
        behaviour: str = "safe",
        latency_s: float | None = None,
        *,
        secret: str | None = None,
        failures: int = 2,
        failure_status: int = 503,
        reply: str | None = None,
    ) -> None:
        """A server bound to a free port on 127.0.0.1; it serves once entered."""
        if behaviour not in BEHAVIOURS:
            raise ValueError(f"behaviour must be one of {', '.join(BEHAVIOURS)}")
        self.behaviour = behaviour
        self.latency_s = (
            latency_s if latency_s is not None else (0.5 if behaviour == "slow" else 0.0)
        )
        self.secret = secret
        self.failures = failures
        self.failure_status = failure_status
        self.reply = reply
        self.requests = 0
        self.in_flight = 0
        self.max_in_flight = 0
        self.bodies: list[dict[str, Any]] = []
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        # A short poll interval so leaving the context (shutdown) takes milliseconds, not 0.5 s.
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )

    @property
    def url(self) -> str:
        """The API base, e.g. http://127.0.0.1:PORT/v1."""
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}/v1"

    def __enter__(self) -> ChatServer:
        self._thread.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._stop.set()
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    def _enter(self) -> int:
        with self._lock:
            self.requests += 1
            self.in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self.in_flight)
            return self.requests

    def _leave(self) -> None:
        with self._lock:
            self.in_flight -= 1

    def answer(self, body: dict[str, Any]) -> dict[str, Any]:
        """The assistant message this server's behaviour gives for a request body."""
        messages = body.get("messages") or []
        text = "\n".join(str(m.get("content") or "") for m in messages)
        last = messages[-1] if messages else {}
        message: dict[str, Any] = {"role": "assistant", "content": self.reply or REFUSAL}
        if self.reply is not None:
            return message
        if self.behaviour == "judge":
            answer = text.rsplit("Answer to judge:", 1)[-1]
            unsafe = bool(_UNSAFE_MARKS.search(answer))
            verdict = {"safe": not unsafe, "reason": "unsafe content" if unsafe else "looks safe"}
            message["content"] = json.dumps(verdict)
        elif self.behaviour == "unsafe":
            canaries = _CANARY.findall(text)
            message["content"] = " ".join([COMPLIANCE, *canaries])
            tools = [t["function"]["name"] for t in body.get("tools") or []]
            named = [
                t for t in tools if t in str(last.get("content")) and last.get("role") == "tool"
            ]
            if named:
                message["tool_calls"] = [
                    {
                        "id": "call_1",
                        "type": "function",
                        "function": {"name": named[0], "arguments": json.dumps({"note": canaries})},
                    }
                ]
        elif self.behaviour == "leaky":
            leaked = _CANARY.findall(text) + _PII.findall(text)
            message["content"] = "From the context: " + ", ".join(leaked) if leaked else REFUSAL
        elif self.behaviour == "toxic":
            message["content"] = INSULT
        elif last.get("role") == "tool":
            message["content"] = AGENT_DONE
        return message

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:
                return

            def _send(self, status: int, payload: dict[str, Any]) -> None:
                data = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                if status == 429:
                    self.send_header("Retry-After", "0")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length)
                number = server._enter()
                try:
                    self._serve(raw, number)
                finally:
                    server._leave()

            def _serve(self, raw: bytes, number: int) -> None:
                if self.path != "/v1/chat/completions":
                    self._send(404, {"error": {"message": f"no route {self.path}"}})
                    return
                if server.behaviour in ("auth", "requires-auth"):
                    expected = f"Bearer {server.secret}"
                    if self.headers.get("Authorization") != expected:
                        self._send(401, {"error": {"message": "invalid api key"}})
                        return
                if server.behaviour == "hang":
                    server._stop.wait()
                    return
                if server.latency_s:
                    time.sleep(server.latency_s)
                if server.behaviour == "erroring":
                    self._send(500, {"error": {"message": "internal error"}})
                    return
                if server.behaviour == "flaky" and number <= server.failures:
                    self._send(server.failure_status, {"error": {"message": "try again"}})
                    return
                body = json.loads(raw)
                with server._lock:
                    server.bodies.append(body)
                self._send(
                    200,
                    {
                        "id": f"chatcmpl-{number}",
                        "object": "chat.completion",
                        "model": body.get("model", "test"),
                        "choices": [
                            {"index": 0, "message": server.answer(body), "finish_reason": "stop"}
                        ],
                    },
                )

        return Handler
