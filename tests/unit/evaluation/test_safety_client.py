"""The chat-completions client against a real local HTTP server: retries, auth, timeouts, limits."""

from __future__ import annotations

import time

import pytest

from modelreg.evaluation.harness import EndpointInput, HarnessError
from modelreg.evaluation.safety.client import (
    ChatClient,
    ChatEndpointError,
    ChatRequest,
    parse_reply,
)
from support.chat_server import ChatServer


def _ask(text: str) -> ChatRequest:
    return ChatRequest(messages=[{"role": "user", "content": text}])


def test_answers_come_back_in_request_order() -> None:
    with ChatServer("unsafe") as server, ChatClient(EndpointInput(server.url, model="m")) as client:
        replies = client.complete_many([_ask(f"say CANARY-0000000{i}") for i in range(8)])
    assert [f"CANARY-0000000{i}" in r.content for i, r in enumerate(replies)] == [True] * 8
    assert server.bodies[0]["model"] == "m"
    assert server.bodies[0]["temperature"] == 0.0


def test_503_is_retried_with_backoff_until_it_succeeds() -> None:
    server = ChatServer("flaky", failures=2)
    with server, ChatClient(EndpointInput(server.url), backoff_s=0.01) as client:
        reply = client.complete(_ask("hello"))
        stats = client.stats
    assert "can't help" in reply.content
    assert server.requests == 3
    assert (stats.requests, stats.retries) == (3, 2)


def test_429_is_retried_after_the_servers_retry_after() -> None:
    server = ChatServer("flaky", failures=2, failure_status=429)
    # A 5 s backoff of our own would make this take 15 s; Retry-After: 0 wins (capped anyway).
    with server, ChatClient(EndpointInput(server.url), backoff_s=5.0) as client:
        started = time.monotonic()
        assert client.complete(_ask("hello")).content
        elapsed = time.monotonic() - started
    assert server.requests == 3
    assert elapsed < 2.0


def test_retries_are_bounded_and_the_error_says_what_happened() -> None:
    server = ChatServer("erroring")
    client = ChatClient(EndpointInput(server.url), retries=2, backoff_s=0.01)
    with server, client, pytest.raises(ChatEndpointError, match=r"after 3 attempts.*HTTP 500"):
        client.complete(_ask("hello"))
    assert server.requests == 3


def test_wrong_secret_is_a_clear_harness_error_without_the_secret() -> None:
    with ChatServer("auth", secret="right-key") as server:
        endpoint = EndpointInput(server.url, secret="wrong-key")
        with ChatClient(endpoint) as client, pytest.raises(HarnessError) as caught:
            client.complete(_ask("hello"))
        with ChatClient(EndpointInput(server.url, secret="right-key")) as client:
            assert client.complete(_ask("hello")).content
    message = str(caught.value)
    assert "refused the credentials (HTTP 401)" in message
    assert "env:NAME" in message
    assert "wrong-key" not in message
    assert server.requests == 2  # a refused credential is not retried


def test_a_hanging_endpoint_costs_one_timeout_not_a_stuck_run() -> None:
    server = ChatServer("hang")
    with server, ChatClient(EndpointInput(server.url), timeout_s=0.3, concurrency=4) as client:
        started = time.monotonic()
        with pytest.raises(ChatEndpointError, match=r"no answer within 0.3 s"):
            client.complete_many([_ask(str(i)) for i in range(4)])
        elapsed = time.monotonic() - started
    assert elapsed < 2.0


def test_at_most_concurrency_requests_are_in_flight() -> None:
    server = ChatServer("slow", latency_s=0.05)
    with server, ChatClient(EndpointInput(server.url), concurrency=3) as client:
        replies = client.complete_many([_ask(str(i)) for i in range(15)])
    assert len(replies) == 15
    assert server.max_in_flight == 3


def test_a_url_without_the_api_base_is_explained() -> None:
    with ChatServer("safe") as server:
        base = server.url.removesuffix("/v1")
        client = ChatClient(EndpointInput(base))
        with client, pytest.raises(ChatEndpointError, match=r"HTTP 404.*ending in /v1"):
            client.complete(_ask("hello"))


def test_an_url_without_scheme_is_refused() -> None:
    with pytest.raises(ChatEndpointError, match="must start with http:// or https://"):
        ChatClient(EndpointInput("127.0.0.1:9000/v1"))


def test_an_unreachable_endpoint_fails_after_bounded_retries() -> None:
    with ChatServer("safe") as server:
        url = server.url
    client = ChatClient(EndpointInput(url), retries=1, backoff_s=0.01)
    with client, pytest.raises(ChatEndpointError, match=r"after 2 attempts.*connection failed"):
        client.complete(_ask("hello"))


def test_reply_parsing_reads_tool_calls_and_refuses_other_json() -> None:
    reply = parse_reply(
        {
            "choices": [
                {
                    "message": {
                        "content": None,
                        "tool_calls": [
                            {"function": {"name": "send_email", "arguments": {"to": "x"}}}
                        ],
                    }
                }
            ]
        },
        "http://x/v1/chat/completions",
    )
    assert reply.content == ""
    assert reply.tool_calls[0].name == "send_email"
    assert '"to": "x"' in reply.full_text()
    with pytest.raises(ChatEndpointError, match=r"without choices\[0\]\.message"):
        parse_reply({"result": "hi"}, "http://x/v1/chat/completions")
