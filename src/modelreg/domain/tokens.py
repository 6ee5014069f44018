"""API token secrets: 256 bits of randomness, stored only as a SHA-256 hash."""

from __future__ import annotations

import hashlib
import re
import secrets
from datetime import timedelta

PREFIX = "mrg_"
_DURATION = re.compile(r"^(\d+)([dhm])$")


def new_secret() -> str:
    """A new bearer secret: prefix plus 32 random bytes, URL-safe base64."""
    return PREFIX + secrets.token_urlsafe(32)


def hash_secret(secret: str) -> str:
    """The stored form of a secret (the secret itself is never stored)."""
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def parse_duration(text: str) -> timedelta:
    """Parse `30d`, `12h` or `45m`; raise ValueError saying the accepted forms."""
    match = _DURATION.match(text.strip())
    if not match or int(match.group(1)) <= 0:
        raise ValueError(
            f"invalid duration {text!r}: use a positive number with d, h or m, e.g. 30d"
        )
    amount, unit = int(match.group(1)), match.group(2)
    return {
        "d": timedelta(days=amount),
        "h": timedelta(hours=amount),
        "m": timedelta(minutes=amount),
    }[unit]
