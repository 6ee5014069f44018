"""Model names `group/name` and version references `group/name@version`."""

from __future__ import annotations

import dataclasses
import string

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from modelreg.domain.errors import InvalidInput
from modelreg.domain.names import ModelName, VersionRef, validate_part

ALLOWED = set(string.ascii_lowercase + string.digits + "-_.")
valid_parts = st.builds(
    str.__add__,
    st.sampled_from(string.ascii_lowercase + string.digits),
    st.text(alphabet="".join(sorted(ALLOWED)), max_size=63),
)
# Mostly near-misses (uppercase, '/', space, non-ASCII, too long) rather than random Unicode.
near_parts = st.text(alphabet=string.ascii_letters + string.digits + "-_./ @\u00e9", max_size=70)


def follows_rule(value: str) -> bool:
    """The naming rule, stated without a regular expression."""
    return (
        1 <= len(value) <= 64
        and all(c in ALLOWED for c in value)
        and value[0] in string.ascii_lowercase + string.digits
    )


@pytest.mark.parametrize(
    "value", ["a", "0", "a" * 64, "fraud", "credit-scorer", "v1.2_x", "9lives"]
)
def test_valid_parts_are_returned_unchanged(value: str) -> None:
    assert validate_part("name", value) is value
    assert validate_part("group", value) is value


@pytest.mark.parametrize(
    "value",
    ["", "A", "Foo", "a" * 65, "-a", ".a", "_a", "a/b", "a b", "caf\u00e9", "a\n", "a@b", "\uff41"],
)
@pytest.mark.parametrize("kind", ["group", "name"])
def test_invalid_parts_name_the_rule(kind: str, value: str) -> None:
    with pytest.raises(InvalidInput) as info:
        validate_part(kind, value)
    err = info.value
    assert [e.loc for e in err.errors] == [(kind,)]
    assert err.errors[0].msg == err.detail
    assert err.detail == (
        f"{kind} {value!r} is invalid: use 1 to 64 lowercase letters, digits, '-', '_' or '.', "
        "starting with a letter or digit"
    )


def test_long_values_are_cut_short_in_messages() -> None:
    with pytest.raises(InvalidInput) as info:
        validate_part("name", "X" * 10_000)
    assert len(info.value.detail) < 250


def test_unknown_kind_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="kind must be"):
        validate_part("model", "a")


@settings(max_examples=100, deadline=None)
@given(st.one_of(valid_parts, near_parts, st.text(max_size=5)))
def test_validation_agrees_with_the_rule(value: str) -> None:
    if follows_rule(value):
        assert validate_part("name", value) == value
    else:
        with pytest.raises(InvalidInput):
            validate_part("name", value)


def test_model_name_parse_and_str() -> None:
    name = ModelName.parse("fraud/credit-scorer")
    assert name == ModelName("fraud", "credit-scorer")
    assert (name.group, name.name) == ("fraud", "credit-scorer")
    assert str(name) == "fraud/credit-scorer"


@settings(max_examples=50, deadline=None)
@given(valid_parts, valid_parts)
def test_model_name_round_trips(group: str, name: str) -> None:
    model = ModelName(group, name)
    assert ModelName.parse(str(model)) == model


@pytest.mark.parametrize("text", ["fraud", "a/b/c", "/b", "a/", "/", "", "Fraud/x", "a\\b"])
def test_model_name_parse_rejects(text: str) -> None:
    with pytest.raises(InvalidInput):
        ModelName.parse(text)


def test_model_name_parse_message_for_slashes() -> None:
    with pytest.raises(InvalidInput) as info:
        ModelName.parse("a/b/c")
    assert "exactly one '/'" in info.value.detail
    assert info.value.errors[0].loc == ("model",)


def test_model_name_is_validated_frozen_and_ordered() -> None:
    with pytest.raises(InvalidInput):
        ModelName("Bad", "x")
    name = ModelName("a", "b")
    with pytest.raises(dataclasses.FrozenInstanceError):
        name.group = "c"  # type: ignore[misc]
    names = [ModelName("b", "a"), ModelName("a", "z"), ModelName("a", "b")]
    assert sorted(names) == [ModelName("a", "b"), ModelName("a", "z"), ModelName("b", "a")]
    assert len({ModelName("a", "b"), ModelName("a", "b")}) == 1


@pytest.mark.parametrize(
    ("text", "version"),
    [
        ("fraud/credit-scorer@1.4.0", "1.4.0"),
        ("fraud/credit-scorer@latest", "latest"),
        ("a/b@2.0.0-rc.1+build.5", "2.0.0-rc.1+build.5"),
    ],
)
def test_version_ref_parse_and_str(text: str, version: str) -> None:
    ref = VersionRef.parse(text)
    assert ref.model == ModelName.parse(text.partition("@")[0])
    assert ref.version == version
    assert ref.is_latest == (version == "latest")
    assert str(ref) == text


@pytest.mark.parametrize(
    ("text", "loc"),
    [
        ("a/b", "ref"),
        ("a/b@", "ref"),
        ("a/b@1.0.0@2", "ref"),
        ("@1.0.0", "model"),
        ("a/b@1.2", "version"),
        ("a/b@Latest", "version"),
        ("a/b@v1.0.0", "version"),
        ("A/b@1.0.0", "group"),
        ("a/B@latest", "name"),
    ],
)
def test_version_ref_parse_rejects(text: str, loc: str) -> None:
    with pytest.raises(InvalidInput) as info:
        VersionRef.parse(text)
    assert info.value.errors[0].loc == (loc,)


def test_version_ref_validates_direct_construction() -> None:
    with pytest.raises(InvalidInput):
        VersionRef(ModelName("a", "b"), "1.0")
    assert VersionRef(ModelName("a", "b"), "1.0.0").version == "1.0.0"
