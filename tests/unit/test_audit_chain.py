"""The audit hash chain: construction, and detection of each kind of tampering."""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest
import rfc8785
from hypothesis import given, settings
from hypothesis import strategies as st

from modelreg.domain.audit_chain import (
    GENESIS_HASH,
    ChainEvent,
    ChainVerdict,
    ChainVerifier,
    compute_hash,
    decode_details,
    event_body,
    format_time,
    make_event,
    verify_events,
)
from modelreg.domain.canonical import canonical_json
from modelreg.domain.errors import InvalidInput

T0 = datetime(2026, 11, 27, 13, 0, 0, 123456, tzinfo=UTC)


def build_chain(n: int = 50, *, first_seq: int = 1, prev: str = GENESIS_HASH) -> list[ChainEvent]:
    events = []
    for i in range(n):
        seq = first_seq + i
        event = make_event(
            seq,
            format_time(T0 + timedelta(seconds=i)),
            f"user-{i % 3}",
            "version.create" if i % 2 else "model.create",
            f"model:fraud/scorer-{i}",
            {"i": i, "note": "caf\u00e9", "nested": {"b": [1, 2.5], "a": None}},
            prev,
        )
        events.append(event)
        prev = event.hash
    return events


CHAIN = build_chain()
HEAD = CHAIN[-1].hash


def rehash_from(events: list[ChainEvent], start: int) -> list[ChainEvent]:
    """What an attacker without a secret can do: recompute every link from `start` on."""
    out = events[:start]
    prev = out[-1].hash if out else GENESIS_HASH
    for i, e in enumerate(events[start:], start=start):
        e = make_event(i + 1, e.occurred_at, e.actor, e.action, e.subject, e.details, prev)
        out.append(e)
        prev = e.hash
    return out


def test_hash_is_documented_formula() -> None:
    e = CHAIN[0]
    body: dict[str, Any] = {
        "seq": 1,
        "occurred_at": "2026-11-27T13:00:00.123456Z",
        "actor": "user-0",
        "action": "model.create",
        "subject": "model:fraud/scorer-0",
        "details": {"i": 0, "note": "caf\u00e9", "nested": {"b": [1, 2.5], "a": None}},
        "prev_hash": GENESIS_HASH,
    }
    assert (
        event_body(1, e.occurred_at, e.actor, e.action, e.subject, e.details, e.prev_hash) == body
    )
    expected = hashlib.sha256(GENESIS_HASH.encode("ascii") + rfc8785.dumps(body)).hexdigest()
    assert e.hash == expected
    assert compute_hash(GENESIS_HASH, body) == expected
    assert GENESIS_HASH == "0" * 64


def test_hash_pinned_for_a_fixed_event() -> None:
    body = event_body(1, "2026-01-01T00:00:00.000000Z", "u", "a", "s", {}, GENESIS_HASH)
    canonical = (
        b'{"action":"a","actor":"u","details":{},"occurred_at":"2026-01-01T00:00:00.000000Z",'
        b'"prev_hash":"' + GENESIS_HASH.encode() + b'","seq":1,"subject":"s"}'
    )
    assert (
        compute_hash(GENESIS_HASH, body)
        == hashlib.sha256(GENESIS_HASH.encode() + canonical).hexdigest()
    )


def test_compute_hash_rejects_inconsistent_input() -> None:
    body = event_body(1, "t", "u", "a", "s", {}, GENESIS_HASH)
    with pytest.raises(ValueError, match="must equal"):
        compute_hash("1" * 64, body)
    with pytest.raises(ValueError, match="64 lowercase hex"):
        compute_hash("xyz", event_body(1, "t", "u", "a", "s", {}, "xyz"))
    with pytest.raises(InvalidInput):
        compute_hash(GENESIS_HASH, event_body(1, "t", "u", "a", "s", {"n": 2**60}, GENESIS_HASH))


def test_format_time() -> None:
    assert format_time(T0) == "2026-11-27T13:00:00.123456Z"
    assert format_time(datetime(2026, 1, 1, tzinfo=UTC)) == "2026-01-01T00:00:00.000000Z"
    plus2 = timezone(timedelta(hours=2))
    assert format_time(datetime(2026, 1, 1, 2, 0, 0, 5, tzinfo=plus2)) == (
        "2026-01-01T00:00:00.000005Z"
    )
    assert format_time(datetime(999, 1, 1, tzinfo=UTC)) == "0999-01-01T00:00:00.000000Z"
    with pytest.raises(ValueError, match="naive"):
        format_time(datetime(2026, 1, 1))


def test_valid_chain_verifies() -> None:
    verdict = verify_events(CHAIN)
    assert verdict.ok
    assert verdict.checked == 50
    assert verdict.first_broken_seq is None
    assert verdict.reason is None
    assert verdict.head_hash == HEAD
    assert len({e.hash for e in CHAIN}) == 50


def test_empty_input_is_ok_and_reports_the_start_hash() -> None:
    verdict = verify_events([])
    assert (verdict.ok, verdict.checked, verdict.head_hash) == (True, 0, GENESIS_HASH)


def test_verification_can_start_mid_chain() -> None:
    verdict = verify_events(CHAIN[20:], expected_first_seq=21, start_prev_hash=CHAIN[19].hash)
    assert verdict.ok
    assert verdict.checked == 30
    assert verdict.head_hash == HEAD
    wrong_anchor = verify_events(CHAIN[20:], expected_first_seq=21)
    assert not wrong_anchor.ok
    assert wrong_anchor.first_broken_seq == 21


def test_modified_details_are_detected() -> None:
    events = CHAIN[:]
    events[19] = dataclasses.replace(events[19], details={**events[19].details, "i": 999})
    verdict = verify_events(events)
    assert not verdict.ok
    assert verdict.first_broken_seq == 20
    assert verdict.checked == 19
    assert verdict.head_hash == CHAIN[18].hash
    assert verdict.reason is not None
    assert "event 20 does not match its hash" in verdict.reason
    assert "modified" in verdict.reason


@pytest.mark.parametrize("field", ["occurred_at", "actor", "action", "subject"])
def test_modified_fields_are_detected(field: str) -> None:
    events = CHAIN[:]
    changes: dict[str, Any] = {field: "tampered"}
    events[9] = dataclasses.replace(events[9], **changes)
    verdict = verify_events(events)
    assert (verdict.ok, verdict.first_broken_seq) == (False, 10)


def test_modified_stored_hash_is_detected() -> None:
    events = CHAIN[:]
    events[9] = dataclasses.replace(events[9], hash="f" * 64)
    verdict = verify_events(events)
    assert (verdict.ok, verdict.first_broken_seq) == (False, 10)


def test_modified_event_with_its_own_hash_recomputed_breaks_the_next_link() -> None:
    events = CHAIN[:]
    e = events[9]
    events[9] = make_event(e.seq, e.occurred_at, "mallory", e.action, e.subject, {}, e.prev_hash)
    verdict = verify_events(events)
    assert (verdict.ok, verdict.first_broken_seq) == (False, 11)
    assert verdict.reason is not None
    assert "event 11 does not link to the event before it" in verdict.reason


def test_deleted_middle_event_is_detected() -> None:
    events = CHAIN[:24] + CHAIN[25:]
    verdict = verify_events(events)
    assert not verdict.ok
    assert verdict.first_broken_seq == 25
    assert verdict.checked == 24
    assert verdict.reason is not None
    assert "expected event 25 but found event 26" in verdict.reason
    assert "event 25 is missing" in verdict.reason


def test_deleted_run_of_events_is_detected() -> None:
    verdict = verify_events(CHAIN[:10] + CHAIN[15:])
    assert verdict.first_broken_seq == 11
    assert verdict.reason is not None
    assert "5 events from 11 are missing" in verdict.reason


def test_deleted_first_event_is_detected() -> None:
    verdict = verify_events(CHAIN[1:])
    assert (verdict.ok, verdict.first_broken_seq, verdict.checked) == (False, 1, 0)
    assert verdict.head_hash == GENESIS_HASH


def test_deleted_middle_event_with_renumbering_is_detected() -> None:
    # Renumbering hides the gap, but the next event still names the deleted one as prev_hash.
    tail = [dataclasses.replace(e, seq=e.seq - 1) for e in CHAIN[25:]]
    verdict = verify_events(CHAIN[:24] + tail)
    assert (verdict.ok, verdict.first_broken_seq) == (False, 25)
    assert verdict.reason is not None
    assert "does not link" in verdict.reason


def test_deleting_the_last_event_is_only_detected_by_the_head_anchor() -> None:
    # Without a secret, a truncated chain is still a valid chain: verify_events cannot tell.
    verdict = verify_events(CHAIN[:-1])
    assert verdict.ok
    assert verdict.checked == 49
    # ...but it reports the head it reached, and that differs from the stored head.
    assert verdict.head_hash == CHAIN[-2].hash
    assert verdict.head_hash != HEAD


def test_full_rewrite_is_only_detected_by_the_head_anchor() -> None:
    events = CHAIN[:]
    events[9] = dataclasses.replace(events[9], details={"i": "forged"})
    forged = rehash_from(events, 9)
    verdict = verify_events(forged)
    assert verdict.ok
    assert verdict.head_hash != HEAD


def test_inserted_event_with_duplicate_seq_is_detected() -> None:
    forged = make_event(21, CHAIN[20].occurred_at, "mallory", "x", "y", {}, CHAIN[20].hash)
    events = [*CHAIN[:21], forged, *CHAIN[21:]]
    verdict = verify_events(events)
    assert (verdict.ok, verdict.first_broken_seq, verdict.checked) == (False, 22, 21)
    assert verdict.reason is not None
    assert "expected event 22 but found event 21" in verdict.reason
    assert "strictly increase" in verdict.reason


def test_inserted_event_with_renumbering_is_detected() -> None:
    forged = make_event(22, CHAIN[21].occurred_at, "mallory", "x", "y", {}, CHAIN[20].hash)
    shifted = [dataclasses.replace(e, seq=e.seq + 1) for e in CHAIN[21:]]
    verdict = verify_events([*CHAIN[:21], forged, *shifted])
    # The forged event links correctly; the one after it does not (and its seq is in its hash).
    assert (verdict.ok, verdict.first_broken_seq, verdict.checked) == (False, 23, 22)


def test_swapped_events_are_detected() -> None:
    events = CHAIN[:]
    events[30], events[31] = events[31], events[30]
    verdict = verify_events(events)
    assert (verdict.ok, verdict.first_broken_seq) == (False, 31)
    assert verdict.reason is not None
    assert "expected event 31 but found event 32" in verdict.reason


def test_swapped_contents_keeping_seq_order_are_detected() -> None:
    events = CHAIN[:]
    a, b = events[30], events[31]
    events[30] = dataclasses.replace(b, seq=a.seq)
    events[31] = dataclasses.replace(a, seq=b.seq)
    verdict = verify_events(events)
    assert (verdict.ok, verdict.first_broken_seq) == (False, 31)


def test_changed_seq_is_detected() -> None:
    events = CHAIN[:]
    events[29] = dataclasses.replace(events[29], seq=1000)
    verdict = verify_events(events)
    assert (verdict.ok, verdict.first_broken_seq) == (False, 30)
    # A seq moved back is a reorder.
    events[29] = dataclasses.replace(CHAIN[29], seq=3)
    verdict = verify_events(events)
    assert (verdict.ok, verdict.first_broken_seq) == (False, 30)
    assert verdict.reason is not None
    assert "strictly increase" in verdict.reason


def test_uncanonicalisable_details_are_reported_not_raised() -> None:
    events = CHAIN[:]
    events[4] = dataclasses.replace(events[4], details={"n": float("nan")})
    verdict = verify_events(events)
    assert (verdict.ok, verdict.first_broken_seq) == (False, 5)
    assert verdict.reason is not None
    assert "cannot be hashed" in verdict.reason


def test_verify_stops_reading_at_the_first_break() -> None:
    consumed = []

    def stream() -> Iterator[ChainEvent]:
        for e in CHAIN[:10] + CHAIN[11:]:
            consumed.append(e.seq)
            yield e

    verify_events(stream())
    assert consumed[-1] == 12


def test_feeding_page_by_page_matches_verify_events() -> None:
    events = CHAIN[:]
    events[37] = dataclasses.replace(events[37], actor="mallory")
    verifier = ChainVerifier()
    results: list[bool] = []
    for start in range(0, len(events), 7):  # pages of 7, as a service would read them
        results.extend(verifier.feed(e) for e in events[start : start + 7])
    assert results == [True] * 37 + [False] * 13
    assert not verifier.ok
    assert verifier.verdict() == verify_events(events)
    assert verifier.verdict().first_broken_seq == 38


@settings(max_examples=30, deadline=None)
@given(st.integers(0, 49), st.sampled_from(["modify", "delete", "duplicate", "swap", "reseq"]))
def test_any_single_tampering_before_the_end_is_detected(index: int, kind: str) -> None:
    events = CHAIN[:]
    if kind == "modify":
        events[index] = dataclasses.replace(events[index], subject="tampered")
    elif kind == "delete":
        del events[index]
    elif kind == "duplicate":
        events.insert(index, events[index])
    elif kind == "swap":
        j = index + 1 if index < 49 else index - 1
        events[index], events[j] = events[j], events[index]
        index = min(index, j)
    else:
        events[index] = dataclasses.replace(events[index], seq=events[index].seq + 50)
    verdict = verify_events(events)
    if kind == "delete" and index == 49:
        # Truncation: only the head anchor reveals it.
        assert verdict.ok
        assert verdict.head_hash != HEAD
        return
    assert not verdict.ok
    expected = index + 2 if kind == "duplicate" else index + 1
    assert verdict.first_broken_seq == expected
    assert verdict.checked == expected - 1
    assert verdict.head_hash == (CHAIN[expected - 2].hash if expected > 1 else GENESIS_HASH)


# --- feed_stored: verifying events as storage holds them (details as canonical JSON text) ------

Stored = tuple[int, str, str, str, str, str, str, str]


def as_stored(event: ChainEvent, details_json: str | None = None) -> Stored:
    """The event's columns, details written as the append path writes them unless given."""
    text = canonical_json(event.details).decode() if details_json is None else details_json
    return (
        event.seq,
        event.occurred_at,
        event.actor,
        event.action,
        event.subject,
        text,
        event.prev_hash,
        event.hash,
    )


def verify_stored(rows: list[Stored], **start: Any) -> ChainVerdict:
    verifier = ChainVerifier(**start)
    verifier.feed_stored(rows)
    return verifier.verdict()


def verify_parsed(rows: list[Stored], **start: Any) -> ChainVerdict:
    """The full path only: parse every row's details and `feed` it."""
    events = [
        ChainEvent(r[0], r[1], r[2], r[3], r[4], decode_details(r[5]), r[6], r[7]) for r in rows
    ]
    return verify_events(events, **start)


def rehashed(row: Stored, details_json: str) -> Stored:
    """A forger's row: new details text, hash recomputed over exactly the bytes given."""
    seq, at, actor, action, subject, _, prev, _ = row
    body = (
        f'{{"action":"{action}","actor":"{actor}","details":{details_json},'
        f'"occurred_at":"{at}","prev_hash":"{prev}","seq":{seq},"subject":"{subject}"}}'
    )
    digest = hashlib.sha256((prev + body).encode()).hexdigest()
    return (seq, at, actor, action, subject, details_json, prev, digest)


STORED = [as_stored(e) for e in CHAIN]


def test_stored_chain_verifies_as_the_parsed_one() -> None:
    assert verify_stored(STORED) == verify_parsed(STORED) == verify_events(CHAIN)
    assert verify_stored(STORED).head_hash == HEAD


TAMPERINGS = [
    "actor",
    "details-value",
    "details-spaced",
    "details-spaced-rehashed",
    "details-escaped-rehashed",
    "details-unsorted-rehashed",
    "details-not-json",
    "details-float-rehashed",
    "hash",
    "prev-hash",
    "seq",
    "surrogate",
    "delete",
]


def tamper(rows: list[Stored], index: int, kind: str) -> list[Stored]:
    rows = rows[:]
    seq, at, actor, action, subject, details, prev, digest = rows[index]
    if kind == "actor":
        rows[index] = (seq, at, "mallory", action, subject, details, prev, digest)
    elif kind == "details-value":
        rows[index] = (seq, at, actor, action, subject, details.replace("1", "7"), prev, digest)
    elif kind == "details-spaced":
        # Same value, other spelling: verifies, as it always did (the value is what is hashed).
        spaced = json.dumps(json.loads(details), indent=1)
        rows[index] = (seq, at, actor, action, subject, spaced, prev, digest)
    elif kind == "details-not-json":
        rows[index] = (seq, at, actor, action, subject, details[:-1], prev, digest)
    elif kind == "details-spaced-rehashed":
        rows[index] = rehashed(rows[index], '{"i": 1}')
    elif kind == "details-escaped-rehashed":
        rows[index] = rehashed(rows[index], '{"i":"\\u0041"}')
    elif kind == "details-unsorted-rehashed":
        rows[index] = rehashed(rows[index], '{"z":1,"a":2}')
    elif kind == "details-float-rehashed":
        rows[index] = rehashed(rows[index], '{"i":2.0}')
    elif kind == "hash":
        rows[index] = (seq, at, actor, action, subject, details, prev, "f" * 64)
    elif kind == "prev-hash":
        rows[index] = (seq, at, actor, action, subject, details, "e" * 64, digest)
    elif kind == "seq":
        rows[index] = (seq + 1, at, actor, action, subject, details, prev, digest)
    elif kind == "surrogate":
        rows[index] = (seq, at, "\ud800", action, subject, details, prev, digest)
    else:
        del rows[index]
    return rows


@settings(max_examples=120, deadline=None)
@given(st.integers(0, 49), st.sampled_from(TAMPERINGS))
def test_feed_stored_gives_the_verdict_of_feed(index: int, kind: str) -> None:
    rows = tamper(STORED, index, kind)
    verdict = verify_stored(rows)
    assert verdict == verify_parsed(rows)
    if kind == "details-spaced":
        assert verdict.ok and verdict.head_hash == HEAD
    elif kind != "delete" or index < 49:
        # A forger's rehashed, non-canonical event is itself the break, not the event after it.
        assert (verdict.ok, verdict.first_broken_seq) == (False, index + 1)


def test_feed_stored_checks_the_start_hash_like_feed() -> None:
    rows = STORED[:3]
    for start in ("not-a-hash", "F" * 64, CHAIN[0].hash):
        assert verify_stored(rows, start_prev_hash=start) == verify_parsed(
            rows, start_prev_hash=start
        )
    mid = verify_stored(STORED[20:], expected_first_seq=21, start_prev_hash=CHAIN[19].hash)
    assert mid.ok and mid.head_hash == HEAD


def test_feed_stored_reports_out_of_range_seq_like_feed() -> None:
    row = rehashed(STORED[0], "{}")
    big = (2**53, *row[1:])
    start = {"expected_first_seq": 2**53}
    verdict = verify_stored([big], **start)
    assert verdict == verify_parsed([big], **start)
    assert verdict.reason is not None and "cannot be hashed" in verdict.reason


def test_details_with_a_large_integral_float_verify() -> None:
    """Regression: canonical JSON writes 1e20 as 100000000000000000000, which parsed as a Python
    int is beyond JSON's exact range; the verifier used to call such an event corrupted."""
    chain = build_chain(3)
    chain[1] = make_event(
        2, T0.isoformat(), "u", "a", "s", {"x": 1e20, "y": [2**60 * 1.0]}, chain[0].hash
    )
    chain[2] = make_event(3, T0.isoformat(), "u", "a", "s", {}, chain[1].hash)
    rows = [as_stored(e) for e in chain]
    assert rows[1][5] == '{"x":100000000000000000000,"y":[1152921504606847000]}'
    assert decode_details(rows[1][5]) == {"x": 1e20, "y": [2.0**60]}
    assert verify_stored(rows).ok and verify_parsed(rows).ok
    # An integer no double holds exactly was not written by canonical JSON: still a break.
    forged = [rows[0], rehashed(rows[1], '{"x":9007199254740993}'), rows[2]]
    assert verify_stored(forged).first_broken_seq == 2


def test_unreadable_details_fail_the_hash() -> None:
    assert decode_details("{not json") == {"unreadable_details": "{not json"}
    assert decode_details("1" * 5000) == {"unreadable_details": "1" * 5000}
