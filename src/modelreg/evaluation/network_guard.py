"""Refuse network access and new programs inside the evaluation sandbox child.

`install(allowed)` adds a `sys.addaudithook` hook that raises PermissionError for socket
connects, datagram sends, binds and name look-ups to anything but the allowed (host, port)
pairs (the harness's chat endpoint and judge endpoint), and for starting other programs
(`subprocess`, `os.exec*`, `os.spawn*`, `os.posix_spawn`, `os.system`, `os.fork`), because a
program started from the child would not carry the hook. Loopback is not special: a local
address is reachable only when it is one of the allowed pairs, so a model cannot talk to a
database or metadata service on the worker's host either. Name look-ups are refused too, since
a DNS query is itself a way out (data encoded in the name asked for).

The gap, stated plainly: an audit hook sees only what goes through CPython's own socket and
process functions. Native code (a compiled extension, ctypes calling libc `connect`, a model
runtime with its own networking) bypasses it. It stops an honest harness from calling out by
mistake and a pickled model's Python payload from phoning home; it does not contain hostile
native code. Production deployments should add a network policy or a network namespace for
the worker's sandbox children (e.g. a Kubernetes NetworkPolicy allowing only the endpoints'
addresses, or running children with `unshare --net` plus a proxy for the allowed endpoints).
Once installed the hook cannot be removed (the interpreter has no way to), so the harness
cannot turn it off from Python.
"""

from __future__ import annotations

import ipaddress
import socket
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

_PROCESS_EVENTS = frozenset(
    {"subprocess.Popen", "os.exec", "os.posix_spawn", "os.spawn", "os.system", "os.fork"}
)
_LOOKUP_EVENTS = frozenset(
    {"socket.getaddrinfo", "socket.gethostbyname", "socket.gethostbyaddr", "socket.getnameinfo"}
)
_FORWARD_LOOKUPS = frozenset({"socket.getaddrinfo", "socket.gethostbyname"})
_ADDRESS_EVENTS = frozenset({"socket.connect", "socket.sendto", "socket.sendmsg", "socket.bind"})
_INET = (socket.AF_INET, socket.AF_INET6)
_MAX_RECORDED = 50


@dataclass
class NetworkGuard:
    """The allowed endpoints and what the hook refused (kept for the run's details)."""

    allowed: frozenset[tuple[str, int]]
    allowed_hosts: frozenset[str]
    refused: list[str] = field(default_factory=list)

    def describe_allowed(self) -> str:
        """The allowed pairs as `host:port`, for error messages."""
        return ", ".join(sorted(f"{h}:{p}" for h, p in self.allowed)) or "none"

    def _refuse(self, what: str) -> None:
        if len(self.refused) < _MAX_RECORDED and what not in self.refused:
            self.refused.append(what)
        raise PermissionError(
            f"{what} is not allowed in the evaluation sandbox "
            f"(allowed endpoints: {self.describe_allowed()})"
        )

    def hook(self, event: str, args: tuple[Any, ...]) -> None:
        """The audit hook: returns for allowed events, raises PermissionError otherwise."""
        if event in _ADDRESS_EVENTS:
            self._check_address(event, args)
        elif event in _LOOKUP_EVENTS:
            host = args[0]
            if isinstance(host, tuple):  # getnameinfo((host, port), flags)
                host = host[0] if host else None
            # A numeric address needs no DNS query for a forward look-up (the connect that
            # follows is checked); a reverse look-up of one does query.
            if host is None:
                self._refuse("looking up an unnamed host")
            elif _norm_host(host) not in self.allowed_hosts and not (
                event in _FORWARD_LOOKUPS and _is_ip(host)
            ):
                self._refuse(f"looking up the name {host!r}")
        elif event in _PROCESS_EVENTS:
            self._refuse(f"starting another program ({event})")

    def _check_address(self, event: str, args: tuple[Any, ...]) -> None:
        sock, address = args[0], args[1]
        if event == "socket.sendmsg" and address is None:
            return  # a connected socket: its connect was checked
        family = getattr(sock, "family", None)
        if event == "socket.bind":
            # Binding an internet socket would let the outside connect in; loopback and other
            # families (AF_UNIX socketpairs used by asyncio) are harmless.
            if family in _INET and isinstance(address, tuple) and not _is_loopback(address[0]):
                self._refuse(f"listening on {address[0]}:{address[1]}")
            return
        if family not in _INET or not isinstance(address, tuple) or len(address) < 2:
            self._refuse(f"a {_family_name(family)} connection to {address!r}")
            return
        host, port = _norm_host(str(address[0])), address[1]
        if (host, port) not in self.allowed:
            verb = "connecting to" if event == "socket.connect" else "sending to"
            self._refuse(f"{verb} {host}:{port}")


def _family_name(family: object) -> str:
    try:
        return socket.AddressFamily(family).name  # type: ignore[arg-type]
    except (ValueError, TypeError):
        return f"family {family!r}"


def _norm_host(host: str | bytes) -> str:
    text = host.decode("ascii", "replace") if isinstance(host, bytes) else host
    text = text.strip("[]").lower().rstrip(".")
    try:
        return str(ipaddress.ip_address(text.split("%", 1)[0]))
    except ValueError:
        return text


def _is_ip(host: str | bytes) -> bool:
    try:
        ipaddress.ip_address(_norm_host(host))
    except ValueError:
        return False
    return True


def _is_loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(_norm_host(host)).is_loopback
    except ValueError:
        return host.lower() == "localhost"


def endpoint_pairs(urls: Iterable[str]) -> list[tuple[str, int]]:
    """(host, port) of each http(s) URL, the port defaulting by scheme."""
    pairs: list[tuple[str, int]] = []
    for url in urls:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError(f"endpoint {url!r} is not an http(s) URL with a host")
        port = parts.port or (443 if parts.scheme == "https" else 80)
        pairs.append((_norm_host(parts.hostname), port))
    return pairs


def build_guard(pairs: Sequence[tuple[str, int]]) -> NetworkGuard:
    """A guard allowing `pairs`, names resolved now (before the hook refuses look-ups)."""
    allowed: set[tuple[str, int]] = set()
    hosts: set[str] = set()
    for host, port in pairs:
        host = _norm_host(host)
        allowed.add((host, port))
        hosts.add(host)
        try:
            infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except OSError:
            continue  # unresolvable now: the harness will fail to connect and say so
        for info in infos:
            ip = _norm_host(str(info[4][0]))
            allowed.add((ip, port))
            hosts.add(ip)
    return NetworkGuard(allowed=frozenset(allowed), allowed_hosts=frozenset(hosts))


def install(pairs: Sequence[tuple[str, int]]) -> NetworkGuard:
    """Install the hook for this process (irreversibly) and return the guard."""
    guard = build_guard(pairs)
    sys.addaudithook(guard.hook)
    return guard
