"""The version manifest and its digest, which external tools must be able to recompute."""

from __future__ import annotations

import hashlib
import random
from collections.abc import Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from modelreg.domain.errors import InvalidInput
from modelreg.domain.manifest import (
    MANIFEST_SCHEMA,
    ManifestEntry,
    build_manifest,
    manifest_digest,
)


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


ENTRIES = [
    ManifestEntry("weights/model.safetensors", 1234, sha(b"weights")),
    ManifestEntry("config.json", 10, sha(b"config")),
    ManifestEntry("tokenizer/vocab.txt", 0, sha(b"")),
]

# Written out by hand (sorted paths, sorted keys, no whitespace) so that the digest is pinned
# independently of the code under test: `printf '%s' '<this>' | sha256sum` gives KNOWN_DIGEST.
KNOWN_DOCUMENT = (
    b'{"files":['
    b'{"path":"config.json",'
    b'"sha256":"b79606fb3afea5bd1609ed40b622142f1c98125abcfe89a76a661b0e8e343910","size":10},'
    b'{"path":"tokenizer/vocab.txt",'
    b'"sha256":"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855","size":0},'
    b'{"path":"weights/model.safetensors",'
    b'"sha256":"9a129038d9a00aed0cf6a7ea059ca50a813449061ab87848cf1a13eafdf33b2c","size":1234}'
    b'],"schema":"modelreg.manifest/v1"}'
)
KNOWN_DIGEST = "e443189ef676d6f5a8a7963972c43cc5dcf50959c6eee57d8a87a5cdf69e8faf"
EMPTY_DIGEST = "b7ef920a05d6450e23e056a368f87e153ab4ae5971066012d08f009d7bafe6ae"


def test_known_digest_is_stable() -> None:
    assert MANIFEST_SCHEMA == "modelreg.manifest/v1"
    assert sha(KNOWN_DOCUMENT) == KNOWN_DIGEST
    assert manifest_digest(ENTRIES) == KNOWN_DIGEST


def test_empty_manifest_is_valid() -> None:
    assert build_manifest([]) == []
    assert sha(b'{"files":[],"schema":"modelreg.manifest/v1"}') == EMPTY_DIGEST
    assert manifest_digest([]) == EMPTY_DIGEST


def test_build_manifest_sorts_by_path() -> None:
    assert build_manifest(ENTRIES) == [
        {"path": "config.json", "size": 10, "sha256": sha(b"config")},
        {"path": "tokenizer/vocab.txt", "size": 0, "sha256": sha(b"")},
        {"path": "weights/model.safetensors", "size": 1234, "sha256": sha(b"weights")},
    ]


def test_order_is_utf8_bytes_not_utf16() -> None:
    paths = ["\U0001f600", "\uff21", "\u00e9", "a", "B", "a/b", "a-b", "a.b"]
    entries = [ManifestEntry(p, 1, sha(p.encode())) for p in paths]
    ordered = [f["path"] for f in build_manifest(entries)]
    # U+FF21 sorts before U+1F600 in UTF-8 (and code points), after it in UTF-16.
    assert ordered == ["B", "a", "a-b", "a.b", "a/b", "\u00e9", "\uff21", "\U0001f600"]
    assert ordered == sorted(paths, key=lambda p: p.encode("utf-8"))


def test_iterables_are_accepted() -> None:
    assert manifest_digest(iter(ENTRIES)) == KNOWN_DIGEST
    assert manifest_digest(e for e in ENTRIES) == KNOWN_DIGEST


entries_lists = st.lists(
    st.builds(
        ManifestEntry,
        st.sampled_from(["a", "b", "a/b", "a-b", "\u00e9", "z/\u00e9.bin", "B", "x/y/z"]),
        st.integers(0, 2**53 - 1),
        st.binary(max_size=4).map(sha),
    ),
    max_size=8,
    unique_by=lambda e: e.path,
)


@settings(max_examples=30, deadline=None)
@given(entries_lists, st.randoms())
def test_digest_does_not_depend_on_input_order(
    entries: list[ManifestEntry], rnd: random.Random
) -> None:
    shuffled = entries[:]
    rnd.shuffle(shuffled)
    assert manifest_digest(shuffled) == manifest_digest(entries)
    assert build_manifest(shuffled) == build_manifest(entries)


@pytest.mark.parametrize(
    "change",
    [
        lambda e: ManifestEntry(e.path + "x", e.size, e.sha256),
        lambda e: ManifestEntry(e.path, e.size + 1, e.sha256),
        lambda e: ManifestEntry(e.path, e.size, sha(b"other")),
    ],
)
def test_any_change_changes_the_digest(change: Callable[[ManifestEntry], ManifestEntry]) -> None:
    changed = [change(ENTRIES[0]), *ENTRIES[1:]]
    assert manifest_digest(changed) != KNOWN_DIGEST
    assert manifest_digest(ENTRIES[1:]) != KNOWN_DIGEST


def test_duplicate_paths_are_rejected() -> None:
    twice = [*ENTRIES, ManifestEntry("config.json", 11, sha(b"other"))]
    with pytest.raises(InvalidInput) as info:
        build_manifest(twice)
    assert "'config.json' appears more than once" in info.value.detail
    assert info.value.errors[0].loc == ("path",)
    with pytest.raises(InvalidInput):
        manifest_digest(twice)


@pytest.mark.parametrize(
    ("path", "size", "digest", "loc", "fragment"),
    [
        ("../x", 1, sha(b""), "path", "'..' segment"),
        ("a", -1, sha(b""), "size", "between 0 and"),
        ("a", 2**53, sha(b""), "size", "between 0 and"),
        ("a", True, sha(b""), "size", "integer number of bytes"),
        ("a", 1, sha(b"").upper(), "sha256", "64 lowercase hex"),
        ("a", 1, sha(b"")[:-1], "sha256", "64 lowercase hex"),
        ("a", 1, "sha256:" + sha(b""), "sha256", "64 lowercase hex"),
    ],
)
def test_entries_are_validated(path: str, size: int, digest: str, loc: str, fragment: str) -> None:
    with pytest.raises(InvalidInput) as info:
        ManifestEntry(path, size, digest)
    assert fragment in info.value.detail
    assert info.value.errors[0].loc == (loc,)
