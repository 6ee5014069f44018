"""Artifact paths inside a version: relative POSIX paths that are safe to use on any file system."""

from __future__ import annotations

import unicodedata

from modelreg.domain.errors import FieldError, InvalidInput

MAX_PATH_CHARS = 1024
MAX_SEGMENT_BYTES = 255  # the usual file-name limit (ext4, APFS, NTFS) so exports can be written

_EXPECTED = "expected a relative POSIX path such as 'weights/model.safetensors'"


def _fail(path: str, problem: str) -> InvalidInput:
    shown = repr(path) if len(path) <= 80 else repr(path[:77] + "...")
    msg = f"path {shown} {problem}: {_EXPECTED}"
    return InvalidInput(detail=msg, errors=[FieldError(("path",), msg)])


def _bad_character(path: str) -> str | None:
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
    return None


def validate_artifact_path(path: str) -> str:
    """Return `path` unchanged if it is a safe relative POSIX path, else raise InvalidInput."""
    if not path:
        raise _fail(path, "is empty")
    if len(path) > MAX_PATH_CHARS:
        raise _fail(path, f"is {len(path)} characters long; at most {MAX_PATH_CHARS} are allowed")
    if path.startswith("/"):
        raise _fail(path, "is absolute (starts with '/')")
    problem = _bad_character(path)
    if problem is not None:
        raise _fail(path, problem)
    for segment in path.split("/"):
        if not segment:
            raise _fail(path, "has an empty segment ('//' or a trailing '/')")
        if segment in (".", ".."):
            # '..' could escape the version's directory; '.' would give one file two names.
            raise _fail(path, f"contains a '{segment}' segment")
        size = len(segment.encode("utf-8"))
        if size > MAX_SEGMENT_BYTES:
            raise _fail(
                path,
                f"has a segment of {size} bytes; each segment may be at most "
                f"{MAX_SEGMENT_BYTES} bytes of UTF-8",
            )
    return path
