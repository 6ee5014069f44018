"""What every importer shares: bounded JSON decoding, intervals from standard errors, and
picking the metrics a suite asks for out of what the file holds."""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from statistics import NormalDist
from typing import Any

from modelreg.evaluation.harness import (
    HarnessError,
    HarnessOutput,
    HarnessRequest,
    MetricRequest,
    MetricValue,
)

MAX_IMPORT_BYTES = 32 * 1024 * 1024
_LISTED = 20


def read_imported(request: HarnessRequest) -> bytes:
    """The bytes of the request's imported file, refusing a missing or oversized one."""
    if not request.imported_file:
        raise HarnessError("no results file was given to import (request.imported_file is empty)")
    path = Path(request.imported_file)
    try:
        size = path.stat().st_size
        if size > MAX_IMPORT_BYTES:
            raise HarnessError(_too_large(size))
        return path.read_bytes()
    except OSError as exc:
        raise HarnessError(f"cannot read the results file: {exc.strerror or exc}") from exc


def _too_large(size: int) -> str:
    return (
        f"the results file is {size} bytes, above the import limit of "
        f"{MAX_IMPORT_BYTES // (1024 * 1024)} MiB"
    )


def load_json(data: bytes, what: str) -> Any:
    """Decode `data` as JSON (NaN and Infinity become floats, checked later by name)."""
    if len(data) > MAX_IMPORT_BYTES:
        raise HarnessError(_too_large(len(data)))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise HarnessError(f"the file is not UTF-8 text, so not {what} JSON") from exc
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise HarnessError(
            f"the file is not JSON (line {exc.lineno} column {exc.colno}: {exc.msg}); "
            f"expected {what}"
        ) from exc
    except RecursionError as exc:
        raise HarnessError(f"the file nests too deeply to be {what} JSON") from exc


def z_for(confidence: float) -> float:
    """The two-sided normal quantile for `confidence` (1.96 for 0.95)."""
    if not 0 < confidence < 1:
        raise HarnessError(f"confidence must be between 0 and 1, not {confidence}")
    return NormalDist().inv_cdf(0.5 + confidence / 2)


def number(value: object) -> float | None:
    """`value` as a finite float, or None (bools, strings, NaN and infinities are not)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    f = float(value)
    return f if math.isfinite(f) else None


@dataclass(frozen=True)
class Found:
    """A metric read from the file under its full name."""

    value: float
    stderr: float | None = None
    samples: int | None = None


@dataclass
class Table:
    """The metrics of one file: full name -> value; short names that may stand for one; and the
    names whose value was not a finite number (refused only if the suite asks for them)."""

    source: str
    found: dict[str, Found] = field(default_factory=dict)
    aliases: dict[str, list[str]] = field(default_factory=dict)
    preferred: dict[str, str] = field(default_factory=dict)
    display: dict[str, str] = field(default_factory=dict)
    not_finite: dict[str, str] = field(default_factory=dict)

    def add(self, full: str, found: Found, *, display: str | None = None) -> None:
        """Record a metric once (the first occurrence wins)."""
        if full not in self.found:
            self.found[full] = found
            if display is not None:
                self.display[full] = display

    def resolve(self, name: str) -> str:
        """The full name a suite's metric name stands for."""
        if name in self.found:
            return name
        if name in self.not_finite:
            raise HarnessError(
                f"metric {name!r} in the {self.source} file is {self.not_finite[name]}, "
                "not a finite number"
            )
        candidates = self.aliases.get(name, [])
        if name in self.preferred:
            return self.preferred[name]
        if len(candidates) == 1:
            return candidates[0]
        if candidates:
            raise HarnessError(
                f"metric {name!r} matches several in the {self.source} file "
                f"({', '.join(sorted(candidates))}); name one of them in the suite"
            )
        names = sorted(self.display.get(n, n) for n in self.found)
        listed = ", ".join(names[:_LISTED]) + (
            f" and {len(names) - _LISTED} more" if len(names) > _LISTED else ""
        )
        raise HarnessError(
            f"the {self.source} file has no metric {name!r}, which the suite asks for "
            f"(it has: {listed or 'none'})"
        )


def build_output(
    table: Table,
    requests: Sequence[MetricRequest],
    confidence: float,
    *,
    library_versions: dict[str, str],
    details: dict[str, Any],
) -> HarnessOutput:
    """The requested metrics (every metric when none is requested) with intervals."""
    if not table.found and not table.not_finite:
        raise HarnessError(f"the {table.source} file holds no metric values")
    z = z_for(confidence)
    if requests:
        chosen = [(r.name, table.resolve(r.name)) for r in requests]
    else:
        chosen = [(table.display.get(full, full), full) for full in table.found]
    metrics = []
    for name, full in chosen:
        f = table.found[full]
        lower = upper = None
        if f.stderr is not None and f.stderr >= 0:
            lower, upper = f.value - z * f.stderr, f.value + z * f.stderr
        metrics.append(MetricValue(name, f.value, lower, upper, samples=f.samples))
    details = {**details, "format": table.source, "metrics_in_file": len(table.found)}
    if table.not_finite:
        details["not_finite"] = dict(sorted(table.not_finite.items())[:_LISTED])
    if any(name != full for name, full in chosen):
        details["resolved"] = {name: full for name, full in chosen if name != full}
    return HarnessOutput(metrics=metrics, library_versions=library_versions, details=details)


def require_object(value: object, where: str, source: str) -> dict[str, Any]:
    """`value` if it is a JSON object, else HarnessError naming where."""
    if not isinstance(value, dict):
        raise HarnessError(f"{where} in the {source} file is {_kind(value)}, not an object")
    return value


def optional_object(value: object) -> dict[str, Any]:
    """`value` if it is a JSON object, else an empty one (for informational fields)."""
    return value if isinstance(value, dict) else {}


def _kind(value: object) -> str:
    if value is None:
        return "null"
    return {list: "a list", str: "a string", bool: "a boolean"}.get(type(value), "a number")
