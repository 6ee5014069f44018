"""Version parsing and ordering per ecosystem, as used by OSV range evaluation.

PyPI and conda versions use `packaging.version.Version` (conda best effort); npm and OSV
`SEMVER` ranges use a small SemVer 2.0.0 comparator (MAJOR.MINOR.PATCH[-pre][+build]).
A version that cannot be parsed yields `None`; callers treat that as "cannot decide".
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from packaging.utils import canonicalize_version
from packaging.version import InvalidVersion, Version

__all__ = [
    "MAX_VERSION_LENGTH",
    "SemverKey",
    "canonical_version_string",
    "clear_caches",
    "normalise_name",
    "parse_ecosystem_version",
    "parse_semver",
    "version_key",
]

MAX_VERSION_LENGTH = 128

_SEMVER_RE = re.compile(
    r"^v?(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)"
    r"(?:-((?:0|[1-9]\d*|\d*[A-Za-z-][0-9A-Za-z-]*)(?:\.(?:0|[1-9]\d*|\d*[A-Za-z-][0-9A-Za-z-]*))*))?"
    r"(?:\+[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?$"
)
_PEP503_RE = re.compile(r"[-_.]+")

# (major, minor, patch, is_release, prerelease identifiers)
SemverKey = tuple[int, int, int, int, tuple[tuple[int, int, str], ...]]


def normalise_name(ecosystem: str, name: str) -> str:
    """Package name as used for index keys: PEP 503 for PyPI, lower case for conda."""
    name = name.strip()
    if ecosystem == "PyPI":
        return _PEP503_RE.sub("-", name).lower()
    if ecosystem == "conda":
        return name.lower()
    return name


@lru_cache(maxsize=65_536)
def parse_semver(text: str) -> SemverKey | None:
    """SemVer 2.0.0 precedence key, or None if `text` is not a SemVer version."""
    if len(text) > MAX_VERSION_LENGTH:
        return None
    m = _SEMVER_RE.match(text.strip())
    if m is None:
        return None
    pre = m.group(4)
    if pre is None:
        return (int(m.group(1)), int(m.group(2)), int(m.group(3)), 1, ())
    idents: list[tuple[int, int, str]] = []
    for ident in pre.split("."):
        if ident.isdigit():
            idents.append((0, int(ident), ""))
        else:
            idents.append((1, 0, ident))
    return (int(m.group(1)), int(m.group(2)), int(m.group(3)), 0, tuple(idents))


@lru_cache(maxsize=65_536)
def _parse_pep440(text: str) -> Version | None:
    if len(text) > MAX_VERSION_LENGTH:
        return None
    try:
        return Version(text)
    except InvalidVersion:
        return None


def parse_ecosystem_version(ecosystem: str, text: str) -> Any:
    """A comparable key for `text` in `ecosystem`, or None if it cannot be parsed.

    Keys from the same ecosystem compare with `<`/`==`; keys from different ecosystems must
    not be mixed.
    """
    if ecosystem == "npm":
        return parse_semver(text)
    return _parse_pep440(text)


def version_key(range_type: str, ecosystem: str, text: str) -> Any:
    """Key for an OSV range of `range_type` ("SEMVER" or "ECOSYSTEM")."""
    if range_type == "SEMVER":
        return parse_semver(text)
    return parse_ecosystem_version(ecosystem, text)


def canonical_version_string(ecosystem: str, text: str) -> str:
    """String form used for exact `versions` list comparison (PEP 440 canonical for PyPI)."""
    text = text.strip()
    if ecosystem in ("PyPI", "conda") and _parse_pep440(text) is not None:
        return canonicalize_version(text)
    if ecosystem == "npm":
        return text.removeprefix("v")
    return text


def clear_caches() -> None:
    """Drop the version-parse caches (benchmarks measure cold matching with this)."""
    parse_semver.cache_clear()
    _parse_pep440.cache_clear()
