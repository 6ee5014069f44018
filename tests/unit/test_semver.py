"""SemVer 2.0.0 parsing, precedence, and the byte-ordered sort key."""

from __future__ import annotations

import itertools
import random
import string

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from modelreg.domain.errors import InvalidInput
from modelreg.domain.semver import (
    MAX_COMPONENT,
    MAX_VERSION_LENGTH,
    SORT_KEY_MAX_LENGTH,
    SemVer,
    latest,
)

# semver.org, section 11.
SPEC_ORDER = [
    "1.0.0-alpha",
    "1.0.0-alpha.1",
    "1.0.0-alpha.beta",
    "1.0.0-beta",
    "1.0.0-beta.2",
    "1.0.0-beta.11",
    "1.0.0-rc.1",
    "1.0.0",
]


def reference_compare(a: str, b: str) -> int:
    """SemVer 2.0.0 section 11, written independently of the module under test."""
    core_a, _, pre_a = a.partition("+")[0].partition("-")
    core_b, _, pre_b = b.partition("+")[0].partition("-")
    nums_a = [int(x) for x in core_a.split(".")]
    nums_b = [int(x) for x in core_b.split(".")]
    if nums_a != nums_b:
        return -1 if nums_a < nums_b else 1
    if not pre_a or not pre_b:
        return (not pre_a) - (not pre_b)  # the release is greater
    ids_a, ids_b = pre_a.split("."), pre_b.split(".")
    for x, y in zip(ids_a, ids_b, strict=False):
        if x == y:
            continue
        if x.isdigit() and y.isdigit():
            return -1 if int(x) < int(y) else 1
        if x.isdigit() != y.isdigit():
            return -1 if x.isdigit() else 1  # numeric < alphanumeric
        return -1 if x < y else 1  # ASCII order
    return (len(ids_a) > len(ids_b)) - (len(ids_a) < len(ids_b))


IDENT_CHARS = string.ascii_letters + string.digits + "-"
# Small pools make versions that share a MAJOR.MINOR.PATCH and a prefix of identifiers, where
# precedence is decided by the subtle rules (numeric vs alphanumeric, prefix lists, '-' vs digits).
NEAR_NUMBERS = [0, 1, 10]
NEAR_IDS = ["0", "1", "9", "10", "1" + "0" * 9, "1" + "0" * 99, "-", "a", "a-", "a0", "aA", "b"]
numbers = st.one_of(st.sampled_from(NEAR_NUMBERS), st.integers(0, MAX_COMPONENT))
numeric_ids = st.one_of(st.integers(0, 12), st.integers(0, 10**40)).map(str)
# An all-digit text would be a numeric identifier (or invalid with a leading zero).
alpha_ids = st.text(IDENT_CHARS, min_size=1, max_size=6).map(
    lambda s: s + "-" if s.isdigit() else s
)
any_ids = st.one_of(st.sampled_from(NEAR_IDS), numeric_ids, alpha_ids)
build_ids = st.text(IDENT_CHARS, min_size=1, max_size=5)


@st.composite
def version_strings(draw: st.DrawFn, triple: str | None = None) -> str:
    # Mostly near when the triple is shared, so that identifier prefixes collide often.
    near = draw(st.integers(0, 3)) > 0 if triple is not None else draw(st.booleans())
    if triple is None:
        number = st.sampled_from(NEAR_NUMBERS) if near else numbers
        triple = ".".join(str(draw(number)) for _ in range(3))
    ident = st.sampled_from(NEAR_IDS) if near else any_ids
    pre = draw(st.lists(ident, max_size=3 if near else 5))
    build = draw(st.lists(st.sampled_from(["x", "y"]) if near else build_ids, max_size=2))
    text = triple
    if pre:
        text += "-" + ".".join(pre)
    if build:
        text += "+" + ".".join(build)
    assume(len(text) <= MAX_VERSION_LENGTH)
    return text


@st.composite
def version_families(draw: st.DrawFn) -> list[str]:
    """Versions that often share MAJOR.MINOR.PATCH, so that pre-release rules decide the order."""
    triple = draw(st.one_of(st.none(), st.sampled_from(["0.0.0", "1.2.3"])))
    return draw(st.lists(version_strings(triple), min_size=2, max_size=8))


versions = version_strings()


def sign(n: int) -> int:
    return (n > 0) - (n < 0)


@pytest.mark.parametrize(
    "text",
    [
        *("0.0.0", "1.2.3", "10.20.30", "1.0.0-0", "1.0.0--", "1.0.0-0a", "1.1.2+meta-valid"),
        *("1.0.0+01", "1.0.0-alpha.beta.1+build.123", "999999999999.999999999999.999999999999"),
        *SPEC_ORDER,
    ],
)
def test_valid_versions_round_trip(text: str) -> None:
    assert str(SemVer.parse(text)) == text


def test_fields() -> None:
    v = SemVer.parse("2.10.3-rc.1+sha.5114f85")
    assert (v.major, v.minor, v.patch) == (2, 10, 3)
    assert v.prerelease == ("rc", "1")
    assert v.build == ("sha", "5114f85")
    assert v.is_prerelease
    assert not SemVer.parse("2.10.3+sha").is_prerelease


@pytest.mark.parametrize(
    ("text", "hint"),
    [
        ("1.2", ""),
        ("v1.2.3", "remove the leading 'v'"),
        ("01.2.3", "leading zeros"),
        ("1.02.3", "leading zeros"),
        ("1.2.3-", ""),
        ("1.2.3-01", "leading zeros"),
        ("1.2.3-rc.01", "leading zeros"),
        ("", ""),
        ("1", ""),
        ("1.2.3.4", ""),
        ("1.2.3+", ""),
        ("1.2.3-a..b", ""),
        ("1.2.3+a+b", ""),
        ("-1.2.3", ""),
        (" 1.2.3", ""),
        ("1.2.3\n", ""),
        ("1.2.3-\u03b1", ""),
        ("\uff11.2.3", ""),  # fullwidth digit one: \d would accept it, SemVer does not
        ("1.2.3-a_b", ""),
    ],
)
def test_invalid_versions_say_what_is_expected(text: str, hint: str) -> None:
    with pytest.raises(InvalidInput) as info:
        SemVer.parse(text)
    err = info.value
    assert err.detail.startswith(f"version {text!r} is not Semantic Versioning 2.0.0: ")
    assert "expected MAJOR.MINOR.PATCH with optional -prerelease and +build" in err.detail
    assert hint in err.detail
    assert [e.loc for e in err.errors] == [("version",)]


def test_exact_message_for_missing_patch() -> None:
    with pytest.raises(InvalidInput) as info:
        SemVer.parse("1.2")
    assert str(info.value) == (
        "version '1.2' is not Semantic Versioning 2.0.0: expected MAJOR.MINOR.PATCH with "
        "optional -prerelease and +build, e.g. 1.4.0 or 2.0.0-rc.1"
    )


def test_leading_zeros_allowed_in_build_metadata_only() -> None:
    assert SemVer.parse("1.0.0+007").build == ("007",)
    with pytest.raises(InvalidInput):
        SemVer.parse("1.0.0-007")


def test_length_limit() -> None:
    ok = "1.0.0-" + "a" * (MAX_VERSION_LENGTH - 6)
    assert len(ok) == MAX_VERSION_LENGTH
    SemVer.parse(ok)
    with pytest.raises(InvalidInput, match="at most 128 characters"):
        SemVer.parse(ok + "a")


def test_component_limit() -> None:
    SemVer.parse(f"{MAX_COMPONENT}.0.0")
    for text in (
        f"{MAX_COMPONENT + 1}.0.0",
        f"0.{MAX_COMPONENT + 1}.0",
        f"0.0.{MAX_COMPONENT + 1}",
    ):
        with pytest.raises(InvalidInput, match="at most 12 digits"):
            SemVer.parse(text)


@pytest.mark.parametrize(
    "fields",
    [
        (-1, 0, 0, (), ()),
        (1, 0, 0, ("a.b",), ()),
        (1, 0, 0, ("01",), ()),
        (1, 0, 0, ("",), ()),
        (1, 0, 0, (), ("a+b",)),
        (MAX_COMPONENT + 1, 0, 0, (), ()),
    ],
)
def test_direct_construction_is_validated(fields: tuple[object, ...]) -> None:
    with pytest.raises(InvalidInput):
        SemVer(*fields)  # type: ignore[arg-type]


def test_spec_example_order() -> None:
    parsed = [SemVer.parse(t) for t in SPEC_ORDER]
    for lower, higher in itertools.pairwise(parsed):
        assert lower < higher
        assert higher > lower
        assert lower.sort_key() < higher.sort_key()
    shuffled = parsed[:]
    random.Random(7).shuffle(shuffled)
    assert sorted(shuffled) == parsed
    assert sorted(shuffled, key=SemVer.sort_key) == parsed


def test_identifier_characters_order_against_separators() -> None:
    # '-' (0x2D) < digits < uppercase < lowercase; a shorter identifier list sorts first.
    expected = [
        "1.0.0-0",
        "1.0.0-9",
        "1.0.0-10",
        "1.0.0--",
        "1.0.0--.a",
        "1.0.0-10a",
        "1.0.0-9a",
        "1.0.0-Z",
        "1.0.0-a",
        "1.0.0-a.0",
        "1.0.0-a.b",
        "1.0.0-a-",
        "1.0.0-a0",
        "1.0.0-aA",
        "1.0.0-aa",
        "1.0.0-z",
        "1.0.0",
        "1.0.1-0",
        "1.1.0",
    ]
    for a, b in itertools.pairwise(expected):
        assert reference_compare(a, b) == -1, (a, b)
    parsed = [SemVer.parse(t) for t in expected]
    keys = [v.sort_key() for v in parsed]
    assert keys == sorted(keys)
    assert len(set(keys)) == len(keys)
    assert sorted(reversed(parsed)) == parsed


def test_build_metadata_ignored_for_precedence_but_not_equality() -> None:
    a, b = SemVer.parse("1.0.0+a"), SemVer.parse("1.0.0+b")
    assert a != b
    assert not a < b
    assert not b < a
    assert a <= b
    assert b <= a
    assert a.precedence_key() == b.precedence_key()
    assert a.sort_key() != b.sort_key()
    assert SemVer.parse("1.0.0+a") == a
    assert len({a, b, SemVer.parse("1.0.0+a")}) == 2


def test_comparison_with_other_types_is_not_supported() -> None:
    with pytest.raises(TypeError):
        _ = SemVer.parse("1.0.0") < "2.0.0"  # type: ignore[operator]
    assert SemVer.parse("1.0.0") != "1.0.0"  # type: ignore[comparison-overlap]


def test_sort_key_shape() -> None:
    assert SemVer.parse("1.4.0").sort_key() == "000000000001.000000000004.000000000000~"
    assert (
        SemVer.parse("2.0.0-rc.1+exp").sort_key()
        == "000000000002.000000000000.000000000000Arc!111#+exp"
    )
    assert SemVer.parse("0.0.0-1234567890").sort_key().endswith("2101234567890#")


def test_sort_key_worst_case_length() -> None:
    # Many one-character identifiers give the most overhead per input character.
    worst = [
        "0.0.0-" + ".".join(["1"] * 60) + ".11",
        "0.0.0-" + ".".join(["a"] * 60) + ".bb",
        "0.0.0-" + "1" * 122,
        "0.0.0-" + ".".join(["1" * 10] * 11) + ".1",
        f"{MAX_COMPONENT}.{MAX_COMPONENT}.{MAX_COMPONENT}-" + ".".join(["1"] * 45),
    ]
    for text in worst:
        assert len(text) <= MAX_VERSION_LENGTH
        assert len(SemVer.parse(text).sort_key()) <= SORT_KEY_MAX_LENGTH
    assert len(SemVer.parse(worst[0]).sort_key()) == 223


@settings(max_examples=60, deadline=None)
@given(version_families())
def test_precedence_and_sort_key_match_the_spec(texts: list[str]) -> None:
    # Every pair of the drawn list is checked: many comparisons per (costly) example.
    for a, b in itertools.combinations(texts, 2):
        va, vb = SemVer.parse(a), SemVer.parse(b)
        expected = reference_compare(a, b)
        assert sign((va > vb) - (va < vb)) == expected
        ka, kb = va.sort_key(), vb.sort_key()
        if expected != 0:
            # Bytewise order, as a database with C/binary collation compares.
            assert (ka.encode("ascii") < kb.encode("ascii")) == (expected < 0)
        else:
            assert (ka == kb) == (a == b)


@settings(max_examples=100, deadline=None)
@given(
    alpha_ids,
    st.one_of(st.just("-"), st.text(IDENT_CHARS, min_size=1, max_size=3)),
    st.lists(any_ids, max_size=2),
    st.lists(any_ids, max_size=2),
)
def test_alphanumeric_identifier_sorts_before_its_extensions(
    stem: str, suffix: str, rest_a: list[str], rest_b: list[str]
) -> None:
    # ASCII order puts "a" before "a-", "a0", "aA": the end-of-identifier marker must sort
    # below every identifier character, '-' included, whatever follows.
    a = "1.0.0-" + ".".join([stem, *rest_a])
    b = "1.0.0-" + ".".join([stem + suffix, *rest_b])
    assume(max(len(a), len(b)) <= MAX_VERSION_LENGTH)
    assert reference_compare(a, b) == -1
    assert SemVer.parse(a) < SemVer.parse(b)
    assert SemVer.parse(a).sort_key() < SemVer.parse(b).sort_key()


@settings(max_examples=60, deadline=None)
@given(versions)
def test_round_trip_and_key_bounds(text: str) -> None:
    v = SemVer.parse(text)
    assert str(v) == text
    assert SemVer.parse(str(v)) == v
    key = v.sort_key()
    assert len(key) <= SORT_KEY_MAX_LENGTH
    assert all(0x21 <= ord(c) <= 0x7E for c in key)


@settings(max_examples=20, deadline=None)
@given(st.lists(versions, max_size=8))
def test_latest_is_the_highest_release(texts: list[str]) -> None:
    parsed = [SemVer.parse(t) for t in texts]
    releases = [v for v in parsed if not v.is_prerelease]
    found = latest(parsed)
    if not releases:
        assert found is None
    else:
        assert found is not None
        assert not found.is_prerelease
        assert all(not found < v for v in releases)


def test_latest_examples() -> None:
    vs = [SemVer.parse(t) for t in ["1.0.0", "2.0.0-rc.1", "1.10.0", "1.9.0", "1.10.0-beta"]]
    assert latest(vs) == SemVer.parse("1.10.0")
    assert latest([SemVer.parse("1.0.0-rc.1")]) is None
    assert latest([]) is None
    # Equal precedence: the tie resolves as ORDER BY sort_key DESC would.
    assert latest([SemVer.parse("1.0.0+b"), SemVer.parse("1.0.0+a")]) == SemVer.parse("1.0.0+b")


@settings(max_examples=60, deadline=None)
@given(version_families())
def test_precedence_sort_key_is_equal_exactly_for_equal_precedence(texts: list[str]) -> None:
    # The database's uniqueness of (model, precedence) relies on this being an exact test.
    for a, b in itertools.combinations(texts, 2):
        va, vb = SemVer.parse(a), SemVer.parse(b)
        same = reference_compare(a, b) == 0
        assert (va.precedence_sort_key() == vb.precedence_sort_key()) == same
        assert va.sort_key().startswith(va.precedence_sort_key())
        assert "+" not in va.precedence_sort_key()
