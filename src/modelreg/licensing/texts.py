"""Recognise a license from the text of a LICENSE/COPYING file by its distinctive phrases.

Each family (GNU, Creative Commons, BSD, ...) yields at most one id, so a license that
quotes another (LGPL-3.0 cites the GPL, GPL-3.0 cites the AGPL) is not reported twice;
different families found in one file are all reported, since a file that names, say,
MIT for code and a Llama license for weights is bound by both.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

__all__ = ["TextMatch", "identify_text", "normalise_text"]


@dataclass(frozen=True)
class TextMatch:
    """A license recognised in a text, with the phrase that gave it away."""

    license_id: str
    evidence: str


_Detector = Callable[[str], TextMatch | None]

_QUOTES = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "\u00a0": " "})
# Markdown decoration would split phrases such as "Apache License ## Version 2.0".
_DECORATION = re.compile(r"[#*_>`|=]+")
_SPACE = re.compile(r"\s+")


def normalise_text(text: str) -> str:
    """Lower-case, plain quotes, no Markdown decoration, single spaces."""
    plain = _DECORATION.sub(" ", text.translate(_QUOTES).lower())
    return _SPACE.sub(" ", plain).strip()


def _phrases(license_id: str, *patterns: str) -> _Detector:
    """A detector that fires when every pattern occurs somewhere in the text."""
    compiled = [re.compile(p) for p in patterns]

    def detect(text: str) -> TextMatch | None:
        found = [c.search(text) for c in compiled]
        if all(found):
            return TextMatch(license_id, found[0].group(0) if found[0] else "")
        return None

    return detect


def _first_of(*detectors: _Detector) -> _Detector:
    """The first detector (most specific first) of a family that fires."""

    def detect(text: str) -> TextMatch | None:
        for detector in detectors:
            if match := detector(text):
                return match
        return None

    return detect


_GNU_KINDS = {"": "GPL", "lesser ": "LGPL", "library ": "LGPL", "affero ": "AGPL"}
_GNU_VERSIONS = {
    ("GPL", "1"): "GPL-1.0",
    ("GPL", "2"): "GPL-2.0",
    ("GPL", "3"): "GPL-3.0",
    ("LGPL", "2"): "LGPL-2.0",
    ("LGPL", "2.1"): "LGPL-2.1",
    ("LGPL", "3"): "LGPL-3.0",
    ("AGPL", "3"): "AGPL-3.0",
}
# The title ("GNU GENERAL PUBLIC LICENSE Version 3, 29 June 2007") or the standard notice
# ("... as published by the Free Software Foundation, either version 3 ..."). No comma is
# allowed before "version" in the title form: LGPL-2.1 says "the ordinary GNU General
# Public License, version 2, instead of this License", which is not a GPL grant.
_GNU = re.compile(
    r"gnu (?P<kind>lesser |library |affero )?general public license"
    r"(?: (?:version |v)| as published by the free software foundation[,;]? (?:either )?version )"
    r"(?P<version>\d(?:\.\d)?)"
)
_OR_LATER = re.compile(r"or \(at your option\) any later version")
# The GNU texts end with a "How to Apply These Terms" template whose sample notice says
# "or (at your option) any later version"; only the project's own notice counts.
_GNU_APPENDIX = re.compile(r"how to apply these terms to your new")


def _gnu(text: str) -> TextMatch | None:
    """GPL/LGPL/AGPL: the first title or notice decides; -or-later only if the notice says so."""
    appendix = _GNU_APPENDIX.search(text)
    body = text[: appendix.start()] if appendix else text
    for match in _GNU.finditer(body):
        family = _GNU_KINDS[match.group("kind") or ""]
        version = match.group("version").removesuffix(".0")
        base = _GNU_VERSIONS.get((family, version))
        if base is None:
            continue
        window = body[match.start() : match.end() + 200]
        suffix = "-or-later" if _OR_LATER.search(window) else "-only"
        return TextMatch(base + suffix, match.group(0))
    return None


_CC_LONG = re.compile(
    r"attribution(?P<variant>(?:-(?:noncommercial|sharealike|noderivatives|noderivs))*)"
    r" 4\.0 international"
)
_CC_SHORT = re.compile(r"\bcc[ -]by(?P<variant>(?:-(?:nc|sa|nd))*)[ -]4\.0\b")
_CC_PARTS = {
    "noncommercial": "NC",
    "nc": "NC",
    "sharealike": "SA",
    "sa": "SA",
    "noderivatives": "ND",
    "noderivs": "ND",
    "nd": "ND",
}


def _creative_commons(text: str) -> TextMatch | None:
    """CC BY 4.0 and its NC/SA/ND variants, by the legal code title or the short name."""
    matches = [m for pattern in (_CC_LONG, _CC_SHORT) if (m := pattern.search(text))]
    if not matches:
        return None
    first = min(matches, key=lambda m: m.start())
    parts = {_CC_PARTS[p] for p in first.group("variant").split("-") if p}
    if {"SA", "ND"} <= parts:
        return None
    ordered = [p for p in ("NC", "SA", "ND") if p in parts]
    return TextMatch("-".join(["CC-BY", *ordered, "4.0"]), first.group(0))


_LLAMA = re.compile(r"llama (?P<version>\d(?:\.\d)?) community license")


def _llama(text: str) -> TextMatch | None:
    """Meta's Llama community licenses, one LicenseRef per release (llama2, llama3.1, ...)."""
    if match := _LLAMA.search(text):
        return TextMatch(f"LicenseRef-llama{match.group('version')}", match.group(0))
    return None


_BSD_GRANT = (
    r"redistribution and use in source and binary forms, with or without modification,"
    r" are permitted provided that"
)

_DETECTORS: tuple[_Detector, ...] = (
    _phrases("Apache-2.0", r"apache license,? (?:version |v)?2\.0"),
    _phrases(
        "MIT",
        r"permission is hereby granted, free of charge, to any person obtaining a copy",
        r"the above copyright notice and this permission notice shall be included",
    ),
    _phrases(
        "ISC",
        r"permission to use, copy, modify, and(?:/or)? distribute this software for any purpose"
        r" with or without fee is hereby granted",
    ),
    _first_of(
        _phrases("BSD-4-Clause", _BSD_GRANT, r"all advertising materials mentioning features"),
        _phrases(
            "BSD-3-Clause",
            _BSD_GRANT,
            r"neither the name of|names? of (?:its|the) contributors may not be used"
            r"|name of the author may not be used",
        ),
        _phrases("BSD-2-Clause", _BSD_GRANT),
    ),
    _gnu,
    _phrases("PSF-2.0", r"python software foundation license,? version 2"),
    _phrases("MPL-2.0", r"mozilla public license,? (?:version |v\. ?)2\.0"),
    _creative_commons,
    _phrases("CC0-1.0", r"\bcc0 1\.0 universal|creative commons zero v?1\.0"),
    _phrases(
        "Unlicense",
        r"this is free and unencumbered software released into the public domain",
    ),
    _first_of(
        _phrases("LicenseRef-creativeml-openrail-m", r"creativeml open ?rail-m"),
        _phrases(
            "LicenseRef-bigscience-bloom-rail-1.0",
            r"bigscience (?:bloom )?rail(?: license)? v?1\.0",
        ),
        _phrases("LicenseRef-bigscience-openrail-m", r"bigscience open ?rail-m"),
        _phrases("LicenseRef-bigcode-openrail-m", r"bigcode open ?rail-m"),
        _phrases("LicenseRef-openrail-m", r"\bopen ?rail-m\b"),
        _phrases("LicenseRef-openrail", r"\bopen ?rail\b"),
    ),
    _llama,
    _phrases("LicenseRef-gemma", r"gemma terms of use"),
)


def identify_text(text: str) -> list[TextMatch]:
    """Every license family recognised in `text`, in a fixed order (empty if none)."""
    normalised = normalise_text(text)
    return [match for detector in _DETECTORS if (match := detector(normalised))]
