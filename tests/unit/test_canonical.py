"""RFC 8785 canonical JSON, checked against the RFC's own examples, and SHA-256."""

from __future__ import annotations

import json
import random
import struct
from typing import Any

import pytest
import rfc8785
from hypothesis import given, settings
from hypothesis import strategies as st

from modelreg.domain.canonical import canonical_json, is_plain_canonical, sha256_hex
from modelreg.domain.errors import InvalidInput


def test_rfc8785_section_3_2_2_example() -> None:
    value = {
        "numbers": [333333333.33333329, 1e30, 4.50, 2e-3, 0.000000000000000000000000001],
        "string": "\u20ac$\u000f\u000aA'\u0042\u0022\u005c\\\"/",
        "literals": [None, True, False],
    }
    expected = (
        r'{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],'
        r'"string":"€$\u000f\nA'
        "'"
        r'B\"\\\\\"/"}'
    )
    assert canonical_json(value) == expected.encode("utf-8")


def test_rfc8785_section_3_2_3_key_order_is_utf16() -> None:
    value = {
        "\u20ac": "Euro Sign",
        "\r": "Carriage Return",
        "\ufb33": "Hebrew Letter Dalet With Dagesh",
        "1": "One",
        "\U0001f600": "Emoji: Grinning Face",
        "\u0080": "Control",
        "\u00f6": "Latin Small Letter O With Diaeresis",
    }
    keys = list(json.loads(canonical_json(value)))
    # U+1F600 is the surrogate pair D83D DE00 in UTF-16, so it sorts before U+FB33.
    assert keys == ["\r", "1", "\u0080", "\u00f6", "\u20ac", "\U0001f600", "\ufb33"]


def test_nested_objects_sorted_and_whitespace_free() -> None:
    assert (
        canonical_json({"b": [1, {"d": 1, "c": 2}], "a": {}}) == b'{"a":{},"b":[1,{"c":2,"d":1}]}'
    )
    assert canonical_json([]) == b"[]"
    assert canonical_json("x") == b'"x"'
    assert canonical_json(None) == b"null"


# RFC 8785 Appendix B: IEEE 754 bit patterns and their canonical text.
APPENDIX_B = [
    ("0000000000000000", "0"),
    ("8000000000000000", "0"),  # minus zero
    ("0000000000000001", "5e-324"),
    ("8000000000000001", "-5e-324"),
    ("7fefffffffffffff", "1.7976931348623157e+308"),
    ("ffefffffffffffff", "-1.7976931348623157e+308"),
    ("4340000000000000", "9007199254740992"),
    ("c340000000000000", "-9007199254740992"),
    ("4430000000000000", "295147905179352830000"),
    ("44b52d02c7e14af5", "9.999999999999997e+22"),
    ("44b52d02c7e14af6", "1e+23"),
    ("44b52d02c7e14af7", "1.0000000000000001e+23"),
    ("444b1ae4d6e2ef4e", "999999999999999700000"),
    ("444b1ae4d6e2ef4f", "999999999999999900000"),
    ("444b1ae4d6e2ef50", "1e+21"),
    ("3eb0c6f7a0b5ed8c", "9.999999999999997e-7"),
    ("3eb0c6f7a0b5ed8d", "0.000001"),
    ("41b3de4355555553", "333333333.3333332"),
    ("41b3de4355555554", "333333333.33333325"),
    ("41b3de4355555555", "333333333.3333333"),
    ("41b3de4355555556", "333333333.3333334"),
    ("41b3de4355555557", "333333333.33333343"),
    ("becbf647612f3696", "-0.0000033333333333333333"),
    ("43143ff3c1cb0959", "1424953923781206.2"),
]


@pytest.mark.parametrize(("bits", "text"), APPENDIX_B)
def test_rfc8785_appendix_b_numbers(bits: str, text: str) -> None:
    (number,) = struct.unpack(">d", bytes.fromhex(bits))
    assert canonical_json(number) == text.encode("ascii")


def test_number_edge_cases() -> None:
    assert canonical_json(-0.0) == b"0"
    assert canonical_json(1e21) == b"1e+21"
    assert canonical_json(1e20) == b"100000000000000000000"
    assert canonical_json(1.0) == b"1"
    assert canonical_json(2**53 - 1) == b"9007199254740991"
    assert canonical_json(-(2**53 - 1)) == b"-9007199254740991"
    assert canonical_json(True) == b"true"


def test_unicode_is_utf8_and_only_controls_are_escaped() -> None:
    assert canonical_json("caf\u00e9 \U0001f600") == '"caf\u00e9 \U0001f600"'.encode()
    assert canonical_json("\x1f\x7f") == b'"\\u001f\x7f"'
    assert canonical_json("\t\b\f") == b'"\\t\\b\\f"'
    assert canonical_json("</script>") == b'"</script>"'


@pytest.mark.parametrize(
    ("value", "fragment"),
    [
        (2**53, "between -(2**53 - 1) and 2**53 - 1"),
        (-(2**53), "between -(2**53 - 1) and 2**53 - 1"),
        (10**21, "send larger numbers as strings"),
        (10**5000, "send larger numbers as strings"),  # too long for int-to-str conversion
        (float("nan"), "NaN and Infinity are not JSON numbers"),
        (float("inf"), "NaN and Infinity are not JSON numbers"),
        ({1: "a"}, "object keys must be strings"),
        ({"a": {1, 2}}, "unsupported type"),
        (b"bytes", "unsupported type"),
        ("\ud800", "non-UTF-8"),
    ],
    ids=lambda v: type(v).__name__ if not isinstance(v, str) else None,
)
def test_unrepresentable_values_raise_invalid_input(value: Any, fragment: str) -> None:
    with pytest.raises(InvalidInput) as info:
        canonical_json(value, field="metadata")
    err = info.value
    assert fragment in err.detail
    assert err.detail.startswith("metadata: ")
    assert err.errors[0].loc == ("metadata",)


def test_circular_structures_raise_invalid_input() -> None:
    loop: list[Any] = []
    loop.append(loop)
    with pytest.raises(InvalidInput, match="nested too deeply"):
        canonical_json(loop)


def test_sha256_hex() -> None:
    assert sha256_hex(b"") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    assert sha256_hex(b"abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(2**53) + 1, 2**53 - 1)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=4), inner, max_size=4)
    ),
    max_leaves=12,
)


@settings(max_examples=40, deadline=None)
@given(json_values)
def test_canonical_json_is_valid_json_for_the_same_value(value: Any) -> None:
    data = canonical_json(value)
    # Numbers parsed as doubles, as JSON means them: 2.0**68 is written 295147905179352830000,
    # which is that double but not that (exact) integer.
    parsed = json.loads(data, parse_int=float)
    assert parsed == value
    # Idempotent: parsing and re-canonicalising changes nothing.
    assert canonical_json(parsed) == data


def test_key_insertion_order_does_not_matter() -> None:
    value = {f"k{i}": i for i in range(20)} | {"\u00e9": 1, "\U0001f600": 2, "": 3, "K": 4}
    items = list(value.items())
    rnd = random.Random(8785)
    for _ in range(20):
        rnd.shuffle(items)
        assert canonical_json(dict(items)) == canonical_json(value)


# The fast path of canonical_json must write rfc8785's bytes exactly: digests already stored
# (audit hashes, manifest and policy digests) depend on them. Strings mix ASCII, controls, quotes,
# backslashes, U+2028, non-BMP characters and lone surrogates; keys include characters on both
# sides of U+D800, where code point and UTF-16 order differ.
TRICKY = 'aZ"\\/\x00\x1f\x7f\b\t\n\f\r\u00e9\u2028\ud7ff\ud800\udfff\ue000\uffff\U0001f600'
tricky_text = st.text(alphabet=st.sampled_from(list(TRICKY)) | st.characters(), max_size=12)
plain_scalars = (
    st.none()
    | st.booleans()
    | st.integers(-(2**53) + 1, 2**53 - 1)
    | st.integers(-(2**70), 2**70)  # beyond JSON's exact range too: both must refuse
    | tricky_text
)
event_details = st.recursive(
    plain_scalars | st.floats(allow_nan=True, allow_infinity=True),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(tricky_text, inner, max_size=5),
    max_leaves=20,
)
event_bodies = st.fixed_dictionaries(
    {
        "seq": st.integers(1, 2**53 - 1),
        "occurred_at": st.just("2026-11-27T13:00:00.123456Z") | tricky_text,
        "actor": tricky_text,
        "action": st.sampled_from(["model.created", "version.sealed"]) | tricky_text,
        "subject": tricky_text,
        "details": st.dictionaries(tricky_text, event_details, max_size=6),
        "prev_hash": st.just("0" * 64) | st.text("0123456789abcdef", min_size=64, max_size=64),
    }
)


def _reference(value: Any) -> bytes | type[BaseException]:
    try:
        return rfc8785.dumps(value)
    except (ValueError, RecursionError) as exc:
        return type(exc)


@settings(max_examples=400, deadline=None)
@given(event_bodies | event_details)
def test_canonical_json_bytes_are_rfc8785s(value: Any) -> None:
    expected = _reference(value)
    if isinstance(expected, bytes):
        assert canonical_json(value) == expected
    else:
        with pytest.raises(InvalidInput):
            canonical_json(value)


@settings(max_examples=300, deadline=None)
@given(event_details)
def test_is_plain_canonical_only_for_rfc8785_output(value: Any) -> None:
    expected = _reference(value)
    if not isinstance(expected, bytes):
        return
    text = expected.decode("utf-8")
    if is_plain_canonical(text):
        assert rfc8785.dumps(json.loads(text)) == expected
    # Any other spelling of the same value is never taken for canonical.
    for other in (json.dumps(value), json.dumps(value, sort_keys=True), f" {text}", f"{text} "):
        if other != text:
            assert not is_plain_canonical(other)


def test_is_plain_canonical_covers_the_registry_s_event_details() -> None:
    details = {"model_id": "01J", "tags": {"env": "prod", "team": "a"}, "n": -(2**53 - 1)}
    assert is_plain_canonical(canonical_json(details).decode())
    assert is_plain_canonical('{"a":[true,false,null,"\\u001f\\n"]}')
    # Canonical, but left to the full comparison: floats, non-ASCII, numbers out of range.
    assert not is_plain_canonical('{"x":4.5}')
    assert not is_plain_canonical('{"x":"caf\u00e9"}')
    assert not is_plain_canonical('{"x":100000000000000000000}')
    # Not canonical at all.
    for text in ('{"b":1,"a":2}', '{"a": 1}', '{"a":"\\u0041"}', '{"a":1', "", "nul"):
        assert not is_plain_canonical(text)
