"""Find the license declarations in a version's files (a directory): LICENSE texts and model cards.

Sources, at the root and one directory level down:

* ``LICENSE``, ``LICENSE.txt``, ``LICENSE.md``, ``COPYING`` (any case; also the British
  ``LICENCE`` and ``COPYING.LESSER``): an ``SPDX-License-Identifier:`` line wins, else the
  text is recognised by its phrases (`modelreg.licensing.texts`), else ``LicenseRef-unknown``.
* ``README.md`` YAML front matter (the Hugging Face model card): ``license:`` as a Hub id or a
  list of them, with ``license_name``/``license_link`` for ``other``.

``config.json`` and other metadata are not license declarations. Files are only read, never
executed; at most `MAX_READ_BYTES` of each is read; symlinks and special files are skipped so an
upload cannot make the scan read outside the directory or block on a FIFO.
"""

from __future__ import annotations

import codecs
import os
import re
import stat
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import Any

import yaml

from modelreg.licensing.ids import OTHER, UNKNOWN, hf_license_to_spdx, license_ref
from modelreg.licensing.texts import identify_text

__all__ = ["MAX_READ_BYTES", "LicenseSource", "find_license_sources"]

MAX_READ_BYTES = 256 * 1024
_MAX_FRONT_MATTER = 64 * 1024
# A directory with more entries than this is not a model repository layout worth scanning whole.
_MAX_DIR_ENTRIES = 10_000
_MAX_EXPRESSION = 500

_LICENSE_NAMES = frozenset(
    {
        "license",
        "license.txt",
        "license.md",
        "licence",
        "licence.txt",
        "licence.md",
        "copying",
        "copying.txt",
        "copying.md",
        "copying.lesser",
    }
)
_CARD_NAME = "readme.md"

_SPDX_TAG = re.compile(r"SPDX-License-Identifier:[ \t]*(?P<expression>[^\r\n]*)", re.IGNORECASE)
_COMMENT_END = re.compile(r"\s*(?:\*/|-->)\s*$")
_FRONT_MATTER_END = re.compile(r"^(?:---|\.\.\.)[ \t]*\r?$", re.MULTILINE)


@dataclass(frozen=True)
class LicenseSource:
    """One license declaration: where it was found, its SPDX expression, how it was read."""

    origin: str
    expression: str
    detail: str


def find_license_sources(root: Path) -> list[LicenseSource]:
    """Every license declaration in the files under `root`, in path order."""
    sources: list[LicenseSource] = []
    for path in _candidates(root):
        relative = path.relative_to(root).as_posix()
        if path.name.lower() == _CARD_NAME:
            card = _read_card(path, relative)
            if card is not None:
                sources.append(card)
        else:
            sources.append(_read_license_file(path, relative))
    return sources


def _candidates(root: Path) -> list[Path]:
    """License files and model cards at the root and one level down, symlinks excluded."""
    wanted = _LICENSE_NAMES | {_CARD_NAME}
    found: list[Path] = []
    for entry in _entries(root):
        if entry.is_symlink():
            continue
        if entry.is_dir():
            found.extend(
                child
                for child in _entries(entry)
                if child.name.lower() in wanted and not child.is_symlink() and child.is_file()
            )
        elif entry.name.lower() in wanted and entry.is_file():
            found.append(entry)
    return sorted(found)


def _entries(directory: Path) -> list[Path]:
    try:
        return list(islice(directory.iterdir(), _MAX_DIR_ENTRIES))
    except OSError:
        return []


def _read_head(path: Path) -> tuple[bytes, int] | None:
    """The first `MAX_READ_BYTES` of a regular file and its size; None if it is not one."""
    # O_NOFOLLOW closes the gap between the symlink check and the open; O_NONBLOCK keeps a
    # FIFO swapped in for the file from blocking the open.
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(path, flags)
    except OSError:
        return None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            return None
        with os.fdopen(fd, "rb", closefd=False) as handle:
            return handle.read(MAX_READ_BYTES), info.st_size
    except OSError:
        return None
    finally:
        os.close(fd)


def _decode(data: bytes) -> str | None:
    """Text of a file head, or None for binary content."""
    for bom, encoding in ((codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(bom):
            return data[len(bom) :].decode(encoding, errors="replace")
    if b"\x00" in data:
        return None
    return data.decode("utf-8", errors="replace").removeprefix("\ufeff")


def _read_license_file(path: Path, relative: str) -> LicenseSource:
    origin = f"file:{relative}"
    head = _read_head(path)
    if head is None:
        return LicenseSource(origin, UNKNOWN, "could not be read as a regular file")
    data, size = head
    note = f" (read the first {len(data)} of {size} bytes)" if size > len(data) else ""
    text = _decode(data)
    if text is None:
        return LicenseSource(origin, UNKNOWN, f"binary content, not a license text{note}")
    if not text.strip():
        return LicenseSource(origin, UNKNOWN, "empty license file")
    if tag := _SPDX_TAG.search(text):
        expression = _COMMENT_END.sub("", tag.group("expression")).strip()[:_MAX_EXPRESSION]
        if expression:
            return LicenseSource(origin, expression, f"SPDX-License-Identifier line{note}")
    matches = identify_text(text)
    if not matches:
        return LicenseSource(origin, UNKNOWN, f"license text not recognised{note}")
    expression = " AND ".join(m.license_id for m in matches)
    evidence = "; ".join(f"{m.license_id}: {m.evidence!r}" for m in matches)
    return LicenseSource(origin, expression, f"recognised from its text ({evidence}){note}")


def _read_card(path: Path, relative: str) -> LicenseSource | None:
    """The license in a model card's YAML front matter; None when it declares none."""
    origin = f"hf-metadata:{relative}"
    head = _read_head(path)
    text = _decode(head[0]) if head else None
    if text is None or not text.startswith("---"):
        return None
    first_line_end = text.find("\n")
    end = _FRONT_MATTER_END.search(text, first_line_end + 1) if first_line_end >= 0 else None
    if end is None or text[:first_line_end].strip() != "---":
        # An opening "---" that is never closed is a Markdown rule, not front matter.
        return None
    front_matter = text[first_line_end + 1 : end.start()]
    if len(front_matter) > _MAX_FRONT_MATTER:
        return LicenseSource(origin, UNKNOWN, "front matter larger than 64 KiB, not read")
    try:
        metadata = yaml.safe_load(front_matter)
    except (yaml.YAMLError, ValueError, RecursionError) as exc:
        # A card whose metadata cannot be read may well declare a license: ask for review.
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        return LicenseSource(origin, UNKNOWN, f"front matter is not valid YAML: {reason}")
    if metadata is None:
        return None
    if not isinstance(metadata, dict):
        return LicenseSource(origin, UNKNOWN, "front matter is not a YAML mapping")
    if "license" not in metadata:
        return None
    return _card_license(origin, metadata)


def _card_license(origin: str, metadata: dict[Any, Any]) -> LicenseSource:
    declared = metadata["license"]
    values = declared if isinstance(declared, list) else [declared]
    expressions: list[str] = []
    notes: list[str] = []
    for value in values:
        if not isinstance(value, str) or not value.strip():
            # Never repr() the value: YAML aliases can make a tiny card expand enormously.
            expressions.append(UNKNOWN)
            notes.append(f"license value of type {type(value).__name__} is not a license id")
            continue
        expression = hf_license_to_spdx(value[:_MAX_EXPRESSION])
        if expression == OTHER:
            expression, note = _other_license(metadata)
            notes.append(note)
        expressions.append(expression)
    if not expressions:
        return LicenseSource(origin, UNKNOWN, "license list is empty")
    unique = list(dict.fromkeys(expressions))
    combined = " AND ".join(f"({e})" if " " in e and len(unique) > 1 else e for e in unique)
    detail = "license in model card front matter"
    if len(unique) > 1:
        detail += "; several licenses listed, all apply"
    return LicenseSource(origin, combined, "; ".join([detail, *notes]))


def _other_license(metadata: dict[Any, Any]) -> tuple[str, str]:
    """`license: other` names its license in `license_name`, with the text at `license_link`."""
    name = metadata.get("license_name")
    link = metadata.get("license_link")
    link_note = f", license_link {link!r:.200}" if isinstance(link, str) and link else ""
    if isinstance(name, str) and name.strip():
        return license_ref(
            name[:_MAX_EXPRESSION]
        ), f"license: other, license_name {name!r:.200}{link_note}"
    return OTHER, f"license: other without license_name{link_note}"
