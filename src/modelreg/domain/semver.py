"""Strict Semantic Versioning 2.0.0 (https://semver.org) and a text key that sorts by precedence.

Equality vs. order: `==` and `hash` compare the exact version (build metadata included), so
`1.0.0+a != 1.0.0+b`; `<`, `<=`, `>`, `>=` compare SemVer *precedence* (build ignored), so
neither `1.0.0+a < 1.0.0+b` nor the reverse holds. Use `precedence_key()` to test equal precedence.

`sort_key()` is a string whose plain byte order (SQLite BINARY, PostgreSQL COLLATE "C") is exactly
precedence order, so the database can ORDER BY and keyset-paginate versions on an indexed column.
It is built from these parts, every character being printable ASCII:

* MAJOR, MINOR and PATCH, each zero-padded to 12 digits and joined by '.'. This is why each
  number is limited to 999999999999 (which also keeps it a safe integer in JSON and in BIGINT).
* A release ends with '~' (0x7E), above every pre-release marker, so 1.0.0-x < 1.0.0.
* A pre-release lists its identifiers, then ends with '#' (0x23), below every identifier marker,
  so a shorter list of otherwise equal identifiers sorts first (1.0.0-a < 1.0.0-a.1):
  - numeric: the digit count of its length ('1'-'3'), its length, then its digits; longer numbers
    sort later and equal lengths compare digit by digit, which is numeric order (no leading zeros);
  - alphanumeric: 'A' (above '1'-'3', so numeric < alphanumeric), the text, then '!' (0x21),
    below '-' (0x2D), the lowest identifier character, so "alpha" < "alphabeta" as in ASCII.
* '+' and the build metadata, after the part above that already decides precedence: it only
  makes the key unique per distinct version string.

`precedence_sort_key()` is the same key without the build part, so two versions have equal
precedence exactly when their precedence sort keys are equal; the registry keeps it unique per
model so that `1.0.0` and `1.0.0+build.5` cannot both exist ('+' appears nowhere before it).

With versions limited to 128 characters the key is at most 223 characters (fits VARCHAR(255)).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from modelreg.domain.errors import FieldError, InvalidInput

MAX_VERSION_LENGTH = 128
COMPONENT_DIGITS = 12
MAX_COMPONENT = 10**COMPONENT_DIGITS - 1
SORT_KEY_MAX_LENGTH = 255

_NUM = r"0|[1-9][0-9]*"
# [0-9] rather than \d: \d also matches non-ASCII digits, which SemVer does not allow.
_PRE_ID = r"(?:0|[1-9][0-9]*|[0-9]*[A-Za-z-][0-9A-Za-z-]*)"
_BUILD_ID = r"[0-9A-Za-z-]+"
_SEMVER_RE = re.compile(
    rf"(?P<major>{_NUM})\.(?P<minor>{_NUM})\.(?P<patch>{_NUM})"
    rf"(?:-(?P<pre>{_PRE_ID}(?:\.{_PRE_ID})*))?"
    rf"(?:\+(?P<build>{_BUILD_ID}(?:\.{_BUILD_ID})*))?"
)
_LEADING_ZERO_RE = re.compile(r"(?:^|[.-])0[0-9]")
_EXPECTED = (
    "expected MAJOR.MINOR.PATCH with optional -prerelease and +build, e.g. 1.4.0 or 2.0.0-rc.1"
)

# Sort-key markers; see the module docstring for why each one sits where it does in ASCII.
_RELEASE = "~"
_PRERELEASE_END = "#"
_ALPHA = "A"
_ALPHA_END = "!"
_BUILD = "+"

PrecedenceKey = tuple[int, int, int, int, tuple[tuple[int, int, str], ...]]
_Fields = tuple[int, int, int, tuple[str, ...], tuple[str, ...]]


def _fail(msg: str) -> InvalidInput:
    return InvalidInput(detail=msg, errors=[FieldError(("version",), msg)])


def _hint(text: str) -> str:
    """Name the most common mistake, if we can spot it cheaply."""
    if text[:1] in ("v", "V") and _SEMVER_RE.fullmatch(text[1:]):
        return " (remove the leading 'v')"
    if _LEADING_ZERO_RE.search(text.partition("+")[0]):
        return " (numbers must not have leading zeros)"
    return ""


def _parse_fields(text: str) -> _Fields:
    """Split a version string into its fields, or raise InvalidInput saying what is expected."""
    if len(text) > MAX_VERSION_LENGTH:
        raise _fail(
            f"version is too long ({len(text)} characters): "
            f"at most {MAX_VERSION_LENGTH} characters are allowed"
        )
    match = _SEMVER_RE.fullmatch(text)
    if match is None:
        raise _fail(f"version {text!r} is not Semantic Versioning 2.0.0: {_EXPECTED}{_hint(text)}")
    major, minor, patch = (int(match[g]) for g in ("major", "minor", "patch"))
    if max(major, minor, patch) > MAX_COMPONENT:
        raise _fail(
            f"version {text!r} has a number above {MAX_COMPONENT}: the registry allows at most "
            f"{COMPONENT_DIGITS} digits for each of MAJOR, MINOR and PATCH"
        )
    pre = tuple(match["pre"].split(".")) if match["pre"] else ()
    build = tuple(match["build"].split(".")) if match["build"] else ()
    return major, minor, patch, pre, build


def _encode_identifier(ident: str) -> str:
    if ident.isdigit():
        length = str(len(ident))
        return f"{len(length)}{length}{ident}"
    return f"{_ALPHA}{ident}{_ALPHA_END}"


@dataclass(frozen=True)
class SemVer:
    """A parsed SemVer 2.0.0 version; `==` is exact identity, `<` etc. are SemVer precedence."""

    major: int
    minor: int
    patch: int
    prerelease: tuple[str, ...] = ()
    build: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        # Direct construction must not produce a value that parse() would reject or read back
        # differently (e.g. a negative number or an identifier containing '.').
        fields = (self.major, self.minor, self.patch, self.prerelease, self.build)
        if _parse_fields(str(self)) != fields:
            raise _fail(f"fields {fields!r} do not form a Semantic Versioning 2.0.0 version")

    @classmethod
    def parse(cls, text: str) -> SemVer:
        """Parse a strict SemVer 2.0.0 string, raising InvalidInput if it is not one."""
        return cls(*_parse_fields(text))

    def __str__(self) -> str:
        text = f"{self.major}.{self.minor}.{self.patch}"
        if self.prerelease:
            text += "-" + ".".join(self.prerelease)
        if self.build:
            text += "+" + ".".join(self.build)
        return text

    @property
    def is_prerelease(self) -> bool:
        """Whether the version has a pre-release part (e.g. 2.0.0-rc.1)."""
        return bool(self.prerelease)

    def precedence_key(self) -> PrecedenceKey:
        """Return a tuple that orders exactly by SemVer precedence (build metadata ignored)."""
        # A release (1) outranks any pre-release (0) of the same MAJOR.MINOR.PATCH; numeric
        # identifiers (0, value) sort below alphanumeric ones (1, text), and Python's tuple
        # comparison already puts a shorter list of equal identifiers first.
        idents = tuple((0, int(i), "") if i.isdigit() else (1, 0, i) for i in self.prerelease)
        return (self.major, self.minor, self.patch, 0 if self.prerelease else 1, idents)

    def precedence_sort_key(self) -> str:
        """Return `sort_key()` without build metadata: equal exactly for equal precedence."""
        key = ".".join(f"{n:0{COMPONENT_DIGITS}d}" for n in (self.major, self.minor, self.patch))
        if self.prerelease:
            return key + "".join(map(_encode_identifier, self.prerelease)) + _PRERELEASE_END
        return key + _RELEASE

    def sort_key(self) -> str:
        """Return a string whose byte order is SemVer precedence; see the module docstring."""
        key = self.precedence_sort_key()
        if self.build:
            key += _BUILD + ".".join(self.build)
        return key

    def __lt__(self, other: SemVer) -> bool:
        if not isinstance(other, SemVer):  # runtime guard: the annotation is not enforced
            return NotImplemented
        return self.precedence_key() < other.precedence_key()

    def __le__(self, other: SemVer) -> bool:
        if not isinstance(other, SemVer):  # runtime guard: the annotation is not enforced
            return NotImplemented
        return self.precedence_key() <= other.precedence_key()

    def __gt__(self, other: SemVer) -> bool:
        if not isinstance(other, SemVer):  # runtime guard: the annotation is not enforced
            return NotImplemented
        return self.precedence_key() > other.precedence_key()

    def __ge__(self, other: SemVer) -> bool:
        if not isinstance(other, SemVer):  # runtime guard: the annotation is not enforced
            return NotImplemented
        return self.precedence_key() >= other.precedence_key()


def latest(versions: Iterable[SemVer]) -> SemVer | None:
    """Return the highest version that is not a pre-release, or None if there is none."""
    # sort_key rather than precedence so that ties on build metadata resolve exactly as the
    # database's ORDER BY sort_key DESC does.
    releases = (v for v in versions if not v.is_prerelease)
    return max(releases, key=SemVer.sort_key, default=None)
