"""CVSS v3.0/v3.1 base score from a vector string (FIRST CVSS v3.1 specification, section 7).

Only the base metric group is scored; temporal and environmental metrics are accepted when
well formed and otherwise ignored. A malformed vector raises `CvssError` with a reason.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

__all__ = ["CvssError", "CvssScore", "parse_cvss3", "rating_for_score", "roundup"]


class CvssError(ValueError):
    """A CVSS vector string that is not a valid v3.x vector."""


@dataclass(frozen=True, slots=True)
class CvssScore:
    version: str  # "3.0" or "3.1"
    vector: str
    base_score: float
    rating: str  # none | low | medium | high | critical


_BASE_WEIGHTS: dict[str, dict[str, float]] = {
    "AV": {"N": 0.85, "A": 0.62, "L": 0.55, "P": 0.2},
    "AC": {"L": 0.77, "H": 0.44},
    "PR": {"N": 0.85, "L": 0.62, "H": 0.27},  # L/H change when scope is changed
    "UI": {"N": 0.85, "R": 0.62},
    "S": {"U": 0.0, "C": 0.0},
    "C": {"H": 0.56, "L": 0.22, "N": 0.0},
    "I": {"H": 0.56, "L": 0.22, "N": 0.0},
    "A": {"H": 0.56, "L": 0.22, "N": 0.0},
}
_PR_CHANGED = {"N": 0.85, "L": 0.68, "H": 0.5}

_CIA = ("X", "H", "L", "N")
_OPTIONAL_VALUES: dict[str, tuple[str, ...]] = {
    "E": ("X", "H", "F", "P", "U"),
    "RL": ("X", "U", "W", "T", "O"),
    "RC": ("X", "C", "R", "U"),
    "CR": ("X", "H", "M", "L"),
    "IR": ("X", "H", "M", "L"),
    "AR": ("X", "H", "M", "L"),
    "MAV": ("X", "N", "A", "L", "P"),
    "MAC": ("X", "L", "H"),
    "MPR": ("X", "N", "L", "H"),
    "MUI": ("X", "N", "R"),
    "MS": ("X", "U", "C"),
    "MC": _CIA,
    "MI": _CIA,
    "MA": _CIA,
}
_MAX_VECTOR_LENGTH = 256


def roundup(value: float, version: str = "3.1") -> float:
    """The specification's Roundup: smallest number with one decimal that is >= value."""
    if version == "3.0":
        return math.ceil(value * 10) / 10
    int_input = round(value * 100_000)
    if int_input % 10_000 == 0:
        return int_input / 100_000.0
    return (math.floor(int_input / 10_000) + 1) / 10.0


def rating_for_score(score: float) -> str:
    """Qualitative severity rating scale (CVSS v3.1 specification, table 14)."""
    if score <= 0.0:
        return "none"
    if score < 4.0:
        return "low"
    if score < 7.0:
        return "medium"
    if score < 9.0:
        return "high"
    return "critical"


def parse_cvss3(vector: str) -> CvssScore:
    """Parse a `CVSS:3.x/...` vector and compute its base score and rating."""
    if not isinstance(vector, str):
        raise CvssError("vector is not a string")
    if len(vector) > _MAX_VECTOR_LENGTH:
        raise CvssError("vector is too long")
    parts = vector.strip().split("/")
    prefix = parts[0]
    if prefix not in ("CVSS:3.0", "CVSS:3.1"):
        raise CvssError(f"not a CVSS v3 vector (prefix {prefix[:20]!r})")
    version = prefix.removeprefix("CVSS:")
    metrics: dict[str, str] = {}
    for part in parts[1:]:
        key, sep, value = part.partition(":")
        if not sep or not key or not value:
            raise CvssError(f"malformed metric {part[:20]!r}")
        if key in metrics:
            raise CvssError(f"metric {key} given twice")
        allowed = _BASE_WEIGHTS.get(key)
        if allowed is not None:
            if value not in allowed:
                raise CvssError(f"invalid value {value[:10]!r} for metric {key}")
        elif key in _OPTIONAL_VALUES:
            if value not in _OPTIONAL_VALUES[key]:
                raise CvssError(f"invalid value {value[:10]!r} for metric {key}")
        else:
            raise CvssError(f"unknown metric {key[:10]!r}")
        metrics[key] = value
    missing = [key for key in _BASE_WEIGHTS if key not in metrics]
    if missing:
        raise CvssError(f"missing base metric(s): {', '.join(missing)}")

    changed = metrics["S"] == "C"
    av = _BASE_WEIGHTS["AV"][metrics["AV"]]
    ac = _BASE_WEIGHTS["AC"][metrics["AC"]]
    pr = (_PR_CHANGED if changed else _BASE_WEIGHTS["PR"])[metrics["PR"]]
    ui = _BASE_WEIGHTS["UI"][metrics["UI"]]
    c = _BASE_WEIGHTS["C"][metrics["C"]]
    i = _BASE_WEIGHTS["I"][metrics["I"]]
    a = _BASE_WEIGHTS["A"][metrics["A"]]

    iss = 1 - (1 - c) * (1 - i) * (1 - a)
    impact = 7.52 * (iss - 0.029) - 3.25 * (iss - 0.02) ** 15 if changed else 6.42 * iss
    exploitability = 8.22 * av * ac * pr * ui
    if impact <= 0:
        score = 0.0
    elif changed:
        score = roundup(min(1.08 * (impact + exploitability), 10.0), version)
    else:
        score = roundup(min(impact + exploitability, 10.0), version)
    return CvssScore(
        version=version, vector=vector, base_score=score, rating=rating_for_score(score)
    )
