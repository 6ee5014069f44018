"""Portable artifact paths: strict UTF-8, NFC, Windows-safe names, case-insensitive collisions."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from modelreg.domain.artifact_paths import (
    collision_key,
    decode_artifact_path,
    find_collision,
    validate_artifact_path,
)
from modelreg.domain.errors import InvalidInput


@pytest.mark.parametrize(
    ("raw", "bad"),
    [
        (b"\xff.bin", "ff at offset 0"),
        (b"\xfe.bin", "fe at offset 0"),
        (b"a/\xc0\xae", "c0 at offset 2"),  # overlong '.'
        (b"x\xed\xa0\x80", "ed at offset 1"),  # an encoded surrogate
        (b"ok/\xe2\x82", "at offset 3"),  # truncated sequence
    ],
)
def test_invalid_utf8_is_refused_not_replaced(raw: bytes, bad: str) -> None:
    with pytest.raises(InvalidInput) as info:
        decode_artifact_path(raw)
    assert "is not valid UTF-8" in info.value.detail
    assert bad in info.value.detail


def test_valid_utf8_decodes_to_nfc() -> None:
    assert decode_artifact_path("caf\u0065\u0301.bin".encode()) == "caf\u00e9.bin"
    assert decode_artifact_path("\ufffd.bin".encode()) == "\ufffd.bin"  # a real U+FFFD is fine


@pytest.mark.parametrize(
    "name",
    [
        "CON",
        "con",
        "Nul",
        "prn.txt",
        "aux.tar.gz",
        "COM1",
        "com9.log",
        "LPT5",
        "lpt1.bin",
        "COM\u00b9",
        "conin$",
        "CONOUT$.x",
        "nul .txt",
    ],
)
def test_windows_device_names_are_refused_in_any_segment(name: str) -> None:
    for path in (name, f"dir/{name}", f"{name}/file.bin"):
        with pytest.raises(InvalidInput, match="Windows reserves for a device"):
            validate_artifact_path(path)


@pytest.mark.parametrize(
    "path", ["CONSOLE", "con-fig.txt", "COM10", "LPT0", "auxiliary/x", "nul_", "a.con", "COMX"]
)
def test_names_that_merely_resemble_devices_are_allowed(path: str) -> None:
    assert validate_artifact_path(path) == path


@pytest.mark.parametrize(
    ("path", "problem"),
    [
        (" lead.bin", "leading or trailing space"),
        ("trail.bin ", "leading or trailing space"),
        ("dir /x", "leading or trailing space"),
        ("a/ b", "leading or trailing space"),
        ("file.", "ending in '.'"),
        ("dir./x", "ending in '.'"),
        ("a:b", "':' at position 1"),
        ("w/model?.bin", "'?' at position 7"),
        ('q"', "'\"' at position 1"),
        ("a*b", "'*'"),
        ("a<b", "'<'"),
        ("a>b", "'>'"),
        ("a|b", "'|'"),
    ],
)
def test_names_windows_cannot_write_are_refused(path: str, problem: str) -> None:
    with pytest.raises(InvalidInput) as info:
        validate_artifact_path(path)
    assert problem in info.value.detail


def test_inner_spaces_and_dots_are_fine() -> None:
    assert validate_artifact_path("my model/v1.0 final.bin") == "my model/v1.0 final.bin"


def test_composed_and_decomposed_forms_are_one_path() -> None:
    composed, decomposed = "donn\u00e9es/mod\u00e8le.bin", "donne\u0301es/mode\u0300le.bin"
    assert validate_artifact_path(decomposed) == composed
    assert validate_artifact_path(composed) is composed


_PATH_CHARS = st.characters(blacklist_categories=("Cc", "Cs"), blacklist_characters='/\\<>:"|?*')


@settings(max_examples=200, deadline=None)
@given(st.text(_PATH_CHARS, min_size=1, max_size=40))
def test_validated_paths_are_nfc_and_validation_is_idempotent(segment: str) -> None:
    try:
        path = validate_artifact_path(f"d/{segment}")
    except InvalidInput:
        return
    assert unicodedata.is_normalized("NFC", path)
    assert validate_artifact_path(path) == path
    assert validate_artifact_path(unicodedata.normalize("NFD", path)) == path


@pytest.mark.parametrize(
    ("new", "existing", "clash"),
    [
        ("Weights/Model.bin", ["weights/model.bin"], "weights/model.bin"),
        ("README", ["readme"], "readme"),
        ("stra\u00dfe.txt", ["STRASSE.TXT"], "STRASSE.TXT"),  # full Unicode case folding
        ("weights", ["weights/a.bin"], "weights/a.bin"),  # a file where a directory is
        ("Weights/a.bin/x", ["weights/A.bin"], "weights/A.bin"),  # a directory where a file is
        ("model.bin", ["model.bin", "other.bin"], None),  # the same path is a replacement
        ("weights/b.bin", ["Weights/a.bin"], None),  # two files in one folder: fine
        ("weights2", ["weights/a.bin"], None),
    ],
)
def test_find_collision(new: str, existing: list[str], clash: str | None) -> None:
    assert find_collision(new, existing) == clash


@settings(max_examples=200, deadline=None)
@given(st.text(_PATH_CHARS, min_size=1, max_size=20))
def test_a_path_collides_with_its_other_case_forms(segment: str) -> None:
    for variant in (segment.upper(), segment.lower(), segment.swapcase()):
        if variant != segment:
            assert find_collision(variant, [segment]) == segment
        assert collision_key(variant) == collision_key(variant.casefold())
