"""The network guard's decisions, called directly (installing it here would be irreversible)."""

from __future__ import annotations

import socket
from collections.abc import Iterator

import pytest

from modelreg.evaluation.network_guard import NetworkGuard, build_guard, endpoint_pairs


@pytest.fixture
def guard() -> NetworkGuard:
    return build_guard([("127.0.0.1", 9000), ("localhost", 9100)])


@pytest.fixture
def tcp() -> Iterator[socket.socket]:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        yield s


def test_endpoint_pairs_default_ports_by_scheme() -> None:
    assert endpoint_pairs(["http://127.0.0.1:9000/v1", "https://Judge.Example/v1", "http://h"]) == [
        ("127.0.0.1", 9000),
        ("judge.example", 443),
        ("h", 80),
    ]
    assert endpoint_pairs(["http://[::1]:8080/"]) == [("::1", 8080)]


@pytest.mark.parametrize("url", ["ftp://h/x", "http:///nohost", "file:///etc/passwd"])
def test_endpoint_pairs_refuse_non_http(url: str) -> None:
    with pytest.raises(ValueError, match="is not an http"):
        endpoint_pairs([url])


def test_allowed_pair_connects(guard: NetworkGuard, tcp: socket.socket) -> None:
    guard.hook("socket.connect", (tcp, ("127.0.0.1", 9000)))
    guard.hook("socket.getaddrinfo", ("localhost", 9100, 0, 0, 0))
    assert guard.refused == []


def test_resolved_names_are_allowed_by_address(guard: NetworkGuard, tcp: socket.socket) -> None:
    # localhost resolved when the guard was built, so its address on that port is allowed.
    guard.hook("socket.connect", (tcp, ("127.0.0.1", 9100)))


@pytest.mark.parametrize(
    ("address", "what"),
    [
        (("127.0.0.1", 9001), "connecting to 127.0.0.1:9001"),
        (("1.1.1.1", 443), "connecting to 1.1.1.1:443"),
        (("169.254.169.254", 80), "connecting to 169.254.169.254:80"),
        (("evil.example", 9000), "connecting to evil.example:9000"),
    ],
)
def test_other_addresses_are_refused(
    guard: NetworkGuard, tcp: socket.socket, address: tuple[str, int], what: str
) -> None:
    with pytest.raises(PermissionError) as info:
        guard.hook("socket.connect", (tcp, address))
    assert str(info.value).startswith(f"{what} is not allowed in the evaluation sandbox")
    assert "(allowed endpoints: 127.0.0.1:9000, 127.0.0.1:9100" in str(info.value)
    assert guard.refused == [what]


def test_datagrams_and_lookups_are_refused(guard: NetworkGuard) -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as udp:
        with pytest.raises(PermissionError, match=r"sending to 8\.8\.8\.8:53"):
            guard.hook("socket.sendto", (udp, ("8.8.8.8", 53)))
        guard.hook("socket.sendmsg", (udp, None))  # connected socket: checked at connect
    with pytest.raises(PermissionError, match=r"looking up the name 'attacker\.example'"):
        guard.hook("socket.getaddrinfo", ("attacker.example", 53, 0, 0, 0))
    with pytest.raises(PermissionError, match=r"looking up the name '1\.2\.3\.4'"):
        guard.hook("socket.gethostbyaddr", ("1.2.3.4",))
    # A numeric address needs no DNS query: the connect that follows decides.
    guard.hook("socket.getaddrinfo", ("1.1.1.1", 443, 0, 0, 0))


def test_unix_sockets_and_listening_outside_are_refused(guard: NetworkGuard) -> None:
    with (
        socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as unix,
        pytest.raises(PermissionError, match="a AF_UNIX connection to '/var/run/docker"),
    ):
        guard.hook("socket.connect", (unix, "/var/run/docker.sock"))
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        guard.hook("socket.bind", (s, ("127.0.0.1", 0)))
        with pytest.raises(PermissionError, match=r"listening on 0\.0\.0\.0:8080"):
            guard.hook("socket.bind", (s, ("0.0.0.0", 8080)))


@pytest.mark.parametrize(
    "event", ["subprocess.Popen", "os.system", "os.exec", "os.posix_spawn", "os.fork"]
)
def test_starting_programs_is_refused(guard: NetworkGuard, event: str) -> None:
    with pytest.raises(PermissionError, match=rf"starting another program \({event}\)"):
        guard.hook(event, ())


def test_unrelated_events_pass(guard: NetworkGuard) -> None:
    guard.hook("open", ("/tmp/x", "r", 0))
    guard.hook("import", ("json", None, [], [], []))
    assert guard.refused == []
