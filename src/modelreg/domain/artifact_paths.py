"""Artifact paths inside a version: relative POSIX paths that are safe to use on any file system.

One rule, applied wherever a path enters (upload, download, manifests, the SDK, CLI push/pull):

* The URL form must be valid UTF-8 (`decode_artifact_path`): undecodable bytes are refused rather
  than replaced by U+FFFD, which would make different uploads one artifact.
* Paths are stored in Unicode NFC: `validate_artifact_path` returns the NFC form, so a composed
  and a decomposed 'é' name one artifact (macOS file names arrive decomposed).
* Every segment must be a file name that Linux, macOS and Windows can all create: no Windows
  device name (CON, PRN, AUX, NUL, COM1-9, LPT1-9, CONIN$, CONOUT$, with any extension, any
  case), no leading or trailing space, no trailing dot, none of `< > : " | ? *`.
* `find_collision` names an existing path that a new one would clash with on a case-insensitive
  file system (the default on macOS and Windows): equal once upper-cased and case-folded, or
  one being a directory of the other.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

from modelreg.domain.errors import FieldError, InvalidInput

MAX_PATH_CHARS = 1024
MAX_SEGMENT_BYTES = 255  # the usual file-name limit (ext4, APFS, NTFS) so exports can be written

_EXPECTED = "expected a relative POSIX path such as 'weights/model.safetensors'"
# Windows refuses these characters in file names; rejected so every pull can write every file.
_WINDOWS_FORBIDDEN = frozenset('<>:"|?*')
_WINDOWS_DEVICES = frozenset(
    ["CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"]
    + [
        f"{port}{n}"
        for port in ("COM", "LPT")
        for n in (*"123456789", "\u00b9", "\u00b2", "\u00b3")
    ]
)


def _fail(path: str, problem: str) -> InvalidInput:
    shown = repr(path) if len(path) <= 80 else repr(path[:77] + "...")
    msg = f"path {shown} {problem}: {_EXPECTED}"
    return InvalidInput(detail=msg, errors=[FieldError(("path",), msg)])


def _bad_character(path: str, *, portable: bool) -> str | None:
    """Describe the first character that may not appear in a path, if any."""
    for index, char in enumerate(path):
        if char == "\\":
            # Rejected rather than converted: on Windows it is a separator, so 'a\\..\\b' could
            # escape the version directory when extracted there.
            return f"contains a backslash at position {index}; use '/' to separate directories"
        category = unicodedata.category(char)
        if category == "Cc":
            # NUL truncates paths in C APIs; other control characters (C0, DEL, C1) corrupt
            # terminals and logs.
            return f"contains control character U+{ord(char):04X} at position {index}"
        if category == "Cs":
            # A lone surrogate cannot be encoded as UTF-8, so it could never be stored or sent.
            return f"contains an unpaired surrogate U+{ord(char):04X} at position {index}"
        if portable and char in _WINDOWS_FORBIDDEN:
            return f"contains {char!r} at position {index}, which Windows file names cannot hold"
    return None


def _unportable_segment(segment: str) -> str | None:
    """Say why a segment cannot be a file name on every OS, if it cannot."""
    if segment != segment.strip(" "):
        # Windows drops trailing spaces, and leading ones are lost by many tools.
        return f"has a segment {segment!r} with a leading or trailing space"
    if segment.endswith("."):
        # Windows drops trailing dots, so 'a.' and 'a' would be one file there.
        return f"has a segment {segment!r} ending in '.'"
    # Windows reads 'NUL', 'nul.txt' and 'Nul .tar.gz' all as the device.
    if segment.split(".", 1)[0].rstrip(" ").upper() in _WINDOWS_DEVICES:
        return f"has a segment {segment!r} that Windows reserves for a device"
    return None


def decode_artifact_path(raw: bytes, *, new: bool = True) -> str:
    """Decode a percent-decoded URL path as strict UTF-8 and validate it (see
    `validate_artifact_path` for `new`)."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        # Overlong forms (c0 ae) and encoded surrogates are refused here too.
        shown = raw.decode("utf-8", "backslashreplace")
        bad = raw[exc.start : exc.end].hex(" ")
        raise _fail(
            shown, f"is not valid UTF-8 (byte(s) {bad} at offset {exc.start}); send UTF-8"
        ) from None
    return validate_artifact_path(text, new=new)


def collision_key(path: str) -> str:
    """The form under which two paths name one file on a case-insensitive file system."""
    # Upper-casing first also folds pairs plain case folding keeps apart (dotless i U+0131 and 'I',
    # as NTFS's upcase table does): refusing too much is safer than a pull that overwrites.
    return unicodedata.normalize("NFC", unicodedata.normalize("NFC", path).upper().casefold())


def find_collision(path: str, existing: Iterable[str]) -> str | None:
    """An existing path (other than `path` itself) that `path` cannot live beside when pulled."""
    key = collision_key(path)
    for other in existing:
        if other == path:
            continue
        other_key = collision_key(other)
        # Same name but for case, or a file where the other needs a directory (either way round).
        if other_key == key or other_key.startswith(key + "/") or key.startswith(other_key + "/"):
            return other
    return None


def validate_artifact_path(path: str, *, new: bool = True) -> str:
    """Return the NFC form of `path` if it is a safe, portable relative path; else InvalidInput.

    `new=False` checks a path that may name an artifact stored before the portability rules
    (device names, trailing dots or spaces, Windows-only characters, non-NFC forms were once
    accepted): only the safety rules apply and the path is returned as given, so such versions
    stay readable and their manifests keep their digests.
    """
    if new and not unicodedata.is_normalized("NFC", path):
        path = unicodedata.normalize("NFC", path)
    if not path:
        raise _fail(path, "is empty")
    if len(path) > MAX_PATH_CHARS:
        raise _fail(path, f"is {len(path)} characters long; at most {MAX_PATH_CHARS} are allowed")
    if path.startswith("/"):
        raise _fail(path, "is absolute (starts with '/')")
    problem = _bad_character(path, portable=new)
    if problem is not None:
        raise _fail(path, problem)
    for segment in path.split("/"):
        if not segment:
            raise _fail(path, "has an empty segment ('//' or a trailing '/')")
        if segment in (".", ".."):
            # '..' could escape the version's directory; '.' would give one file two names.
            raise _fail(path, f"contains a '{segment}' segment")
        unportable = _unportable_segment(segment) if new else None
        if unportable is not None:
            raise _fail(path, unportable)
        size = len(segment.encode("utf-8"))
        if size > MAX_SEGMENT_BYTES:
            raise _fail(
                path,
                f"has a segment of {size} bytes; each segment may be at most "
                f"{MAX_SEGMENT_BYTES} bytes of UTF-8",
            )
    return path
