"""The tamper-evident audit log: a hash chain over events, and its streaming verification.

Each event's hash is computed as

    hash = lowercase hex SHA-256( prev_hash as 64 ASCII bytes  ||  RFC 8785 canonical JSON(body) )

where `body` is the JSON object {"seq", "occurred_at", "actor", "action", "subject", "details",
"prev_hash"} (every field of the event except `hash`; `prev_hash` is thus both the prefix and a
member of the body), `prev_hash` is the hash of the event with seq - 1, and the first event's
prev_hash is GENESIS_HASH (64 zeros). `occurred_at` is RFC 3339 UTC with microseconds and 'Z'.

What the chain proves: changing, deleting, inserting or reordering any event breaks every later
link unless the attacker also rewrites all following events. Because the hash has no secret, such
a full rewrite, and simply cutting events off the end, leave a chain that verifies; only comparing
the verified `head_hash` with a head stored or published elsewhere (the audit_head row, an
exported anchor) detects them. Callers must make that comparison.

Storage keeps `details` as its canonical JSON text, so `ChainVerifier.feed_stored` first hashes
the stored text as it is when that text is already canonical (checked cheaply by
`is_plain_canonical`), which gives byte for byte the input `feed` would hash; any other event
(non-canonical or float-bearing details, a wrong link, a mismatching hash) takes the full path
of `feed`, which decides the verdict.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from json.encoder import encode_basestring
from typing import Any

from modelreg.domain.canonical import canonical_json, is_plain_canonical, sha256_hex
from modelreg.domain.errors import InvalidInput

GENESIS_HASH = "0" * 64

_HASH_RE = re.compile(r"[0-9a-f]{64}")
_INT_MAX = 2**53 - 1


# An event's columns as stored, in this order: seq, occurred_at, actor, action, subject, details
# (canonical JSON text), prev_hash, hash.
StoredEvent = Sequence[Any]


@dataclass(frozen=True)
class ChainEvent:
    """One link of the audit chain, exactly as stored."""

    seq: int
    occurred_at: str
    actor: str
    action: str
    subject: str
    details: dict[str, Any]
    prev_hash: str
    hash: str


def event_body(
    seq: int,
    occurred_at: str,
    actor: str,
    action: str,
    subject: str,
    details: dict[str, Any],
    prev_hash: str,
) -> dict[str, Any]:
    """Return the hashed fields of an event: everything except its own hash."""
    return {
        "seq": seq,
        "occurred_at": occurred_at,
        "actor": actor,
        "action": action,
        "subject": subject,
        "details": details,
        "prev_hash": prev_hash,
    }


def compute_hash(prev_hash: str, body: dict[str, Any]) -> str:
    """Return sha256_hex(prev_hash.encode('ascii') + canonical_json(body))."""
    if _HASH_RE.fullmatch(prev_hash) is None:
        raise ValueError(f"prev_hash must be 64 lowercase hex characters, not {prev_hash!r}")
    if body.get("prev_hash") != prev_hash:
        # The body carries prev_hash too; two different values would make the link ambiguous.
        raise ValueError("body['prev_hash'] must equal the prev_hash the hash is chained to")
    return sha256_hex(prev_hash.encode("ascii") + canonical_json(body, field="details"))


def make_event(
    seq: int,
    occurred_at: str,
    actor: str,
    action: str,
    subject: str,
    details: dict[str, Any],
    prev_hash: str,
) -> ChainEvent:
    """Return the event with these fields, its hash computed and chained to `prev_hash`."""
    body = event_body(seq, occurred_at, actor, action, subject, details, prev_hash)
    digest = compute_hash(prev_hash, body)
    return ChainEvent(seq, occurred_at, actor, action, subject, details, prev_hash, digest)


def _int_or_double(text: str) -> int | float:
    # Canonical JSON writes an integral double from 2**53 up to 1e21 in plain digits (1e20 is
    # 100000000000000000000); read back as a Python int it would be out of JSON's exact range.
    number = int(text)
    return number if -_INT_MAX <= number <= _INT_MAX else float(text)


def decode_details(text: str) -> dict[str, Any]:
    """Parse stored details text; text that is not JSON maps to a value that fails the hash."""
    try:
        details: dict[str, Any] = json.loads(text, parse_int=_int_or_double)
    except ValueError:
        return {"unreadable_details": text}
    return details


def format_time(dt: datetime) -> str:
    """Return `dt` as RFC 3339 UTC with microseconds, e.g. 2026-11-27T13:00:00.123456Z."""
    if dt.tzinfo is None or dt.utcoffset() is None:
        # A naive time could be local or UTC; guessing would put events at the wrong instant.
        raise ValueError("naive datetime given; audit times must be timezone-aware")
    # isoformat (unlike strftime) pads years below 1000 to four digits on every platform.
    return dt.astimezone(UTC).replace(tzinfo=None).isoformat(timespec="microseconds") + "Z"


@dataclass(frozen=True)
class ChainVerdict:
    """The outcome of verifying a run of events.

    `checked` counts the events found intact; `first_broken_seq` is the lowest seq that could not
    be verified (every event below it is intact); `head_hash` is the hash of the last intact event
    (the start hash if none) — compare it with the stored head to detect truncation or rewrites.
    """

    ok: bool
    checked: int
    first_broken_seq: int | None
    reason: str | None
    head_hash: str


class ChainVerifier:
    """Streaming verification in constant memory: `feed` events in seq order, then `verdict`."""

    def __init__(self, *, expected_first_seq: int = 1, start_prev_hash: str = GENESIS_HASH) -> None:
        self._first_seq = expected_first_seq
        self._next_seq = expected_first_seq
        self._head = start_prev_hash
        # The shortcut of feed_stored writes the head unescaped; it may only when it is hex.
        self._head_is_hex = _HASH_RE.fullmatch(start_prev_hash) is not None
        self._broken_seq: int | None = None
        self._reason: str | None = None

    @property
    def ok(self) -> bool:
        """Whether every event fed so far is intact."""
        return self._reason is None

    def feed(self, event: ChainEvent) -> bool:
        """Check the next event and return whether the chain is still intact."""
        # Once broken, later events are ignored: links after a break cannot be trusted anyway.
        if self._reason is not None:
            return False
        problem = self._problem(event)
        if problem is not None:
            self._broken_seq = self._next_seq
            self._reason = problem
            return False
        self._head = event.hash
        self._head_is_hex = True
        self._next_seq += 1
        return True

    def feed_stored(self, events: Iterable[StoredEvent]) -> bool:
        """Check events as stored (details as JSON text) until the first break; as `feed` would.

        Returns whether the chain is still intact; stops reading `events` at the first break.
        """
        if self._reason is not None:
            return False
        # Locals, not attributes, in the loop: it runs once per event of the whole chain.
        sha256, enc, plain = hashlib.sha256, encode_basestring, is_plain_canonical
        next_seq, head, head_is_hex = self._next_seq, self._head, self._head_is_hex
        try:
            for seq, occurred_at, actor, action, subject, details_json, prev_hash, digest in events:
                if (
                    seq == next_seq
                    and prev_hash == head
                    and head_is_hex
                    and type(seq) is int
                    and seq <= _INT_MAX
                    and plain(details_json)
                ):
                    # The canonical body, keys in RFC 8785 order, the canonical details spliced
                    # in: byte for byte what `feed` would hash, without parsing and re-encoding.
                    data = (
                        f'{prev_hash}{{"action":{enc(action)},"actor":{enc(actor)},'
                        f'"details":{details_json},"occurred_at":{enc(occurred_at)},'
                        f'"prev_hash":"{prev_hash}","seq":{seq},"subject":{enc(subject)}}}'
                    )
                    try:
                        intact = sha256(data.encode("utf-8")).hexdigest() == digest
                    except UnicodeEncodeError:
                        intact = False  # a lone surrogate, refused by canonical JSON: see below
                    if intact:
                        head = digest
                        next_seq += 1
                        continue
                # Anything else takes the full path, which gives the verdict and its reason.
                self._next_seq, self._head, self._head_is_hex = next_seq, head, head_is_hex
                event = ChainEvent(
                    seq,
                    occurred_at,
                    actor,
                    action,
                    subject,
                    decode_details(details_json),
                    prev_hash,
                    digest,
                )
                if not self.feed(event):
                    return False
                next_seq, head, head_is_hex = self._next_seq, self._head, self._head_is_hex
        finally:
            if self._reason is None:  # after a break, feed has already stored the state
                self._next_seq, self._head, self._head_is_hex = next_seq, head, head_is_hex
        return True

    def _problem(self, event: ChainEvent) -> str | None:
        expected = self._next_seq
        if event.seq > expected:
            gap = event.seq - expected
            missing = f"event {expected} is" if gap == 1 else f"{gap} events from {expected} are"
            return (
                f"expected event {expected} but found event {event.seq}: "
                f"{missing} missing (deleted, or events out of order)"
            )
        if event.seq < expected:
            return (
                f"expected event {expected} but found event {event.seq}: sequence numbers must "
                "strictly increase (an event was duplicated, inserted or reordered)"
            )
        if event.prev_hash != self._head:
            return (
                f"event {event.seq} does not link to the event before it: its prev_hash is "
                f"{event.prev_hash!r} but the previous hash is {self._head!r} (an event before it "
                "was deleted, inserted or replaced)"
            )
        try:
            body = event_body(
                event.seq,
                event.occurred_at,
                event.actor,
                event.action,
                event.subject,
                event.details,
                event.prev_hash,
            )
            digest = compute_hash(event.prev_hash, body)
        except (InvalidInput, ValueError) as exc:
            return f"event {event.seq} cannot be hashed ({exc}): it was corrupted"
        if digest != event.hash:
            return (
                f"event {event.seq} does not match its hash: its content was modified "
                f"(stored {event.hash!r}, computed {digest!r})"
            )
        return None

    def verdict(self) -> ChainVerdict:
        """Return the verdict on the events fed so far."""
        return ChainVerdict(
            ok=self._reason is None,
            # Every event from the first expected seq up to the next expected one was intact.
            checked=self._next_seq - self._first_seq,
            first_broken_seq=self._broken_seq,
            reason=self._reason,
            head_hash=self._head,
        )


def verify_events(
    events: Iterable[ChainEvent],
    *,
    expected_first_seq: int = 1,
    start_prev_hash: str = GENESIS_HASH,
) -> ChainVerdict:
    """Verify events in seq order, stopping at the first break; memory use does not grow."""
    verifier = ChainVerifier(expected_first_seq=expected_first_seq, start_prev_hash=start_prev_hash)
    for event in events:
        if not verifier.feed(event):
            break
    return verifier.verdict()
