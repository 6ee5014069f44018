"""Artifact paths: relative POSIX paths that cannot escape a version's directory."""

from __future__ import annotations

import posixpath

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from modelreg.domain.artifact_paths import (
    MAX_PATH_CHARS,
    MAX_SEGMENT_BYTES,
    validate_artifact_path,
)
from modelreg.domain.errors import InvalidInput

EXPECTED = "expected a relative POSIX path such as 'weights/model.safetensors'"


@pytest.mark.parametrize(
    "path",
    [
        "model.bin",
        "weights/model.safetensors",
        "a/b/c/d.txt",
        "donn\u00e9es/\u6a21\u578b.bin",
        ".hidden",
        "a/.config",
        "a..b",
        "..a/b",
        "with space/and-dash_underscore~tilde",
        "x" * MAX_SEGMENT_BYTES,
        "/".join(["abcd"] * 205),  # exactly 1024 characters
        "\U0001f600.txt",
    ],
)
def test_valid_paths_are_returned_unchanged(path: str) -> None:
    assert len(path) <= MAX_PATH_CHARS
    assert validate_artifact_path(path) is path


@pytest.mark.parametrize(
    ("path", "problem"),
    [
        ("", "is empty"),
        ("/etc/passwd", "is absolute"),
        ("/", "is absolute"),
        ("a\\b", "backslash"),
        ("..\\evil", "backslash"),
        ("a\x00b", "control character U+0000"),
        ("a\nb", "control character U+000A"),
        ("a\x1fb", "control character U+001F"),
        ("a\x7fb", "control character U+007F"),
        ("a\x85b", "control character U+0085"),
        ("a\ud800b", "unpaired surrogate U+D800"),
        ("a//b", "empty segment"),
        ("a/", "empty segment"),
        ("./a", "'.' segment"),
        ("a/./b", "'.' segment"),
        ("a/.", "'.' segment"),
        ("../a", "'..' segment"),
        ("a/../../b", "'..' segment"),
        ("..", "'..' segment"),
        ("...", "ending in '.'"),
        ("..a/b..", "ending in '.'"),
        ("x" * (MAX_PATH_CHARS + 1), "1025 characters long"),
        ("a/" + "x" * (MAX_SEGMENT_BYTES + 1), "segment of 256 bytes"),
        ("\u00e9" * 128, "segment of 256 bytes"),  # 128 characters, but 256 bytes of UTF-8
    ],
)
def test_invalid_paths_say_what_is_wrong_and_expected(path: str, problem: str) -> None:
    with pytest.raises(InvalidInput) as info:
        validate_artifact_path(path)
    err = info.value
    assert problem in err.detail
    assert err.detail.endswith(EXPECTED)
    assert [(e.loc, e.msg) for e in err.errors] == [(("path",), err.detail)]


def test_long_paths_are_cut_short_in_messages() -> None:
    with pytest.raises(InvalidInput) as info:
        validate_artifact_path("x" * 5000)
    assert len(info.value.detail) < 300


segment_chars = st.sampled_from(["a", "b", ".", "/", "\\", "\x00", "\n", "\u00e9", " ", "-"])
near_paths = st.lists(segment_chars, max_size=12).map("".join)


@settings(max_examples=150, deadline=None)
@given(st.one_of(near_paths, st.text(max_size=20)))
def test_accepted_paths_stay_inside_the_base_directory(path: str) -> None:
    try:
        result = validate_artifact_path(path)
    except InvalidInput:
        return
    assert result == path
    segments = path.split("/")
    assert all(s not in ("", ".", "..") for s in segments)
    assert not any(ord(c) < 0x20 or c in "\\\x7f" for c in path)
    # The property that matters: joined onto a directory, the path names something below it,
    # and normalisation does not change it (no two spellings of one file).
    joined = posixpath.normpath(posixpath.join("/base", path))
    assert joined == "/base/" + path
