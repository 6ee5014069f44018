"""OSV advisories (https://ossf.github.io/osv-schema/) loaded from a folder or zip export.

`load_advisories(path)` streams `.json` entries (one advisory, or a list of advisories, per
file) with per-file, total-size and entry-count limits, skips other files with a counted
warning, validates the fields matching needs, drops withdrawn advisories, and returns an
`AdvisoryIndex` keyed by (ecosystem, normalised package name) plus a `LoadReport`.
"""

from __future__ import annotations

import json
import os
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from modelreg.vulns.cvss import CvssError, parse_cvss3
from modelreg.vulns.versions import canonical_version_string, normalise_name

__all__ = [
    "DEFAULT_MAX_ENTRIES",
    "DEFAULT_MAX_FILE_BYTES",
    "DEFAULT_MAX_TOTAL_BYTES",
    "Advisory",
    "AdvisoryError",
    "AdvisoryImportError",
    "AdvisoryIndex",
    "Affected",
    "AffectedRange",
    "Event",
    "LoadReport",
    "Severity",
    "build_index",
    "load_advisories",
    "normalise_ecosystem",
    "parse_advisory",
    "parse_severity",
]

DEFAULT_MAX_FILE_BYTES = 4 * 1024 * 1024
DEFAULT_MAX_TOTAL_BYTES = 4 * 1024 * 1024 * 1024
DEFAULT_MAX_ENTRIES = 2_000_000
_MAX_AFFECTED = 10_000
_MAX_EVENTS = 10_000
_MAX_VERSIONS = 100_000
_MAX_WARNINGS = 1000

EventKind = Literal["introduced", "fixed", "last_affected", "limit"]
_EVENT_KINDS: tuple[EventKind, ...] = ("introduced", "fixed", "last_affected", "limit")
_RATINGS = {
    "none": "none",
    "low": "low",
    "moderate": "medium",
    "medium": "medium",
    "high": "high",
    "important": "high",
    "critical": "critical",
}


class AdvisoryError(ValueError):
    """One advisory document that does not satisfy the fields matching needs."""


class AdvisoryImportError(Exception):
    """The export as a whole cannot be read (missing path, bad zip, limits exceeded)."""


@dataclass(frozen=True, slots=True)
class Event:
    kind: EventKind
    version: str


@dataclass(frozen=True, slots=True)
class AffectedRange:
    type: str  # ECOSYSTEM | SEMVER | GIT
    events: tuple[Event, ...]


@dataclass(frozen=True, slots=True)
class Severity:
    rating: str  # none | low | medium | high | critical | unknown
    score: float | None = None
    vector: str | None = None
    source: str = "none"  # cvss_v3 | database_specific | none


@dataclass(frozen=True, slots=True)
class Affected:
    ecosystem: str
    name: str  # normalised
    ranges: tuple[AffectedRange, ...]
    versions: frozenset[str]  # canonical_version_string() forms
    severity: Severity | None = None  # affected[].severity, overrides the advisory's


@dataclass(frozen=True, slots=True)
class Advisory:
    id: str
    modified: str
    aliases: tuple[str, ...]
    summary: str
    affected: tuple[Affected, ...]
    severity: Severity
    withdrawn: str | None = None


@dataclass(slots=True)
class LoadReport:
    loaded: int = 0
    withdrawn: int = 0
    duplicates: int = 0
    skipped_non_json: int = 0
    invalid: int = 0
    warnings: list[str] = field(default_factory=list)

    def warn(self, message: str) -> None:
        if len(self.warnings) < _MAX_WARNINGS:
            self.warnings.append(message)


class AdvisoryIndex:
    """Advisories by (ecosystem, normalised package name)."""

    def __init__(self) -> None:
        self._by_package: dict[tuple[str, str], list[tuple[Advisory, Affected]]] = {}
        self._ids: set[str] = set()

    def add(self, advisory: Advisory) -> None:
        if advisory.withdrawn is not None:
            return
        self._ids.add(advisory.id)
        for affected in advisory.affected:
            key = (affected.ecosystem, affected.name)
            self._by_package.setdefault(key, []).append((advisory, affected))

    def lookup(self, ecosystem: str, name: str) -> list[tuple[Advisory, Affected]]:
        return self._by_package.get((ecosystem, normalise_name(ecosystem, name)), [])

    def lookup_normalised(self, ecosystem: str, name: str) -> list[tuple[Advisory, Affected]]:
        return self._by_package.get((ecosystem, name), [])

    @property
    def package_count(self) -> int:
        return len(self._by_package)

    def __len__(self) -> int:
        return len(self._ids)

    def __contains__(self, advisory_id: object) -> bool:
        return advisory_id in self._ids


def normalise_ecosystem(value: str) -> str:
    """`PyPI`, `npm` and `conda` in canonical spelling; a `:suffix` (e.g. `Debian:12`) is kept."""
    base, sep, suffix = value.partition(":")
    canonical = {"pypi": "PyPI", "npm": "npm", "conda": "conda"}.get(base.lower(), base)
    return canonical + sep + suffix


def parse_severity(doc: dict[str, Any], *, report: LoadReport | None = None) -> Severity:
    """CVSS v3 vector → score and rating; otherwise `database_specific.severity`; else unknown."""
    entries = doc.get("severity")
    v3: list[str] = []
    if isinstance(entries, list):
        for entry in entries:
            if (
                isinstance(entry, dict)
                and isinstance(entry.get("score"), str)
                and entry.get("type") == "CVSS_V3"
            ):
                v3.append(entry["score"])
    for vector in v3:
        try:
            cvss = parse_cvss3(vector)
        except CvssError as exc:
            if report is not None:
                report.warn(f"{doc.get('id')}: invalid CVSS v3 vector: {exc}")
            continue
        return Severity(cvss.rating, cvss.base_score, cvss.vector, "cvss_v3")
    # No usable v3 vector (absent, CVSS v4 only, or invalid): the database's own rating.
    db = doc.get("database_specific")
    if isinstance(db, dict) and isinstance(db.get("severity"), str):
        rating = _RATINGS.get(db["severity"].strip().lower())
        if rating is not None:
            return Severity(rating, None, None, "database_specific")
    return Severity("unknown")


def _str(value: object, what: str, *, required: bool = True) -> str:
    if isinstance(value, str) and value:
        return value
    if not required and value is None:
        return ""
    raise AdvisoryError(f"{what} must be a non-empty string")


def _parse_range(raw: object, where: str) -> AffectedRange:
    if not isinstance(raw, dict):
        raise AdvisoryError(f"{where} is not an object")
    rtype = _str(raw.get("type"), f"{where}.type")
    events_raw = raw.get("events")
    if not isinstance(events_raw, list) or not events_raw or len(events_raw) > _MAX_EVENTS:
        raise AdvisoryError(f"{where}.events must be a non-empty list")
    events: list[Event] = []
    for i, ev in enumerate(events_raw):
        if not isinstance(ev, dict) or len(ev) != 1:
            raise AdvisoryError(f"{where}.events[{i}] must hold exactly one event")
        ((kind, version),) = ev.items()
        if kind not in _EVENT_KINDS:
            raise AdvisoryError(f"{where}.events[{i}]: unknown event {str(kind)[:30]!r}")
        events.append(Event(kind, _str(version, f"{where}.events[{i}].{kind}")))
    if not any(e.kind == "introduced" for e in events):
        raise AdvisoryError(f"{where} has no 'introduced' event")
    return AffectedRange(rtype, tuple(events))


def _parse_affected(raw: object, where: str, report: LoadReport | None) -> Affected | None:
    if not isinstance(raw, dict):
        raise AdvisoryError(f"{where} is not an object")
    package = raw.get("package")
    if not isinstance(package, dict):
        return None  # e.g. a purl-only or git-only entry we cannot key on
    ecosystem = normalise_ecosystem(_str(package.get("ecosystem"), f"{where}.package.ecosystem"))
    name = normalise_name(ecosystem, _str(package.get("name"), f"{where}.package.name"))
    ranges_raw = raw.get("ranges", [])
    if not isinstance(ranges_raw, list):
        raise AdvisoryError(f"{where}.ranges is not a list")
    ranges = tuple(_parse_range(r, f"{where}.ranges[{i}]") for i, r in enumerate(ranges_raw))
    versions_raw = raw.get("versions", [])
    if not isinstance(versions_raw, list) or len(versions_raw) > _MAX_VERSIONS:
        raise AdvisoryError(f"{where}.versions is not a list")
    versions = frozenset(
        canonical_version_string(ecosystem, _str(v, f"{where}.versions[]")) for v in versions_raw
    )
    severity = None
    if isinstance(raw.get("severity"), list) and raw["severity"]:
        severity = parse_severity({"severity": raw["severity"]}, report=report)
        if severity.rating == "unknown":
            severity = None
    return Affected(ecosystem, name, ranges, versions, severity)


def parse_advisory(doc: object, *, report: LoadReport | None = None) -> Advisory:
    """Validate one OSV document; raises `AdvisoryError` with the reason."""
    if not isinstance(doc, dict):
        raise AdvisoryError("advisory is not a JSON object")
    advisory_id = _str(doc.get("id"), "id")
    if len(advisory_id) > 200:
        raise AdvisoryError("id is too long")
    modified = _str(doc.get("modified"), f"{advisory_id}: modified")
    withdrawn = doc.get("withdrawn")
    if withdrawn is not None and not isinstance(withdrawn, str):
        raise AdvisoryError(f"{advisory_id}: withdrawn must be a timestamp string")
    aliases_raw = doc.get("aliases")
    if aliases_raw is None:
        aliases_raw = []
    if not isinstance(aliases_raw, list) or not all(isinstance(a, str) for a in aliases_raw):
        raise AdvisoryError(f"{advisory_id}: aliases must be a list of strings")
    summary = doc.get("summary")
    if not isinstance(summary, str):
        details = doc.get("details")
        summary = details.strip().split("\n", 1)[0][:300] if isinstance(details, str) else ""
    affected_raw = doc.get("affected")
    if affected_raw is None:
        affected_raw = []
    if not isinstance(affected_raw, list) or len(affected_raw) > _MAX_AFFECTED:
        raise AdvisoryError(f"{advisory_id}: affected must be a list")
    affected: list[Affected] = []
    for i, raw in enumerate(affected_raw):
        item = _parse_affected(raw, f"{advisory_id}: affected[{i}]", report)
        if item is not None:
            affected.append(item)
    return Advisory(
        id=advisory_id,
        modified=modified,
        aliases=tuple(aliases_raw),
        summary=summary,
        affected=tuple(affected),
        severity=parse_severity(doc, report=report),
        withdrawn=withdrawn,
    )


def build_index(advisories: Iterable[Advisory]) -> AdvisoryIndex:
    index = AdvisoryIndex()
    for advisory in advisories:
        index.add(advisory)
    return index


# -- loading -----------------------------------------------------------------------------------


def _iter_folder(root: Path, max_file_bytes: int) -> Iterator[tuple[str, bytes | None, str]]:
    """(name, content or None when skipped, reason) for every file under `root`."""
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        for filename in sorted(filenames):
            path = Path(dirpath) / filename
            name = str(path.relative_to(root))
            if not filename.lower().endswith(".json"):
                yield name, None, "non-json"
                continue
            try:
                size = path.stat().st_size
                if size > max_file_bytes:
                    yield name, None, f"file is {size} bytes, over the {max_file_bytes} limit"
                    continue
                with path.open("rb") as fh:
                    data = fh.read(max_file_bytes + 1)
            except OSError as exc:
                yield name, None, f"cannot read: {exc.strerror or exc}"
                continue
            yield name, data, ""


def _iter_zip(path: Path, max_file_bytes: int) -> Iterator[tuple[str, bytes | None, str]]:
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise AdvisoryImportError(f"{path}: not a readable zip file ({exc})") from None
    with archive:
        for info in archive.infolist():
            if info.is_dir():
                continue
            name = info.filename
            if not name.lower().endswith(".json"):
                yield name, None, "non-json"
                continue
            if info.file_size > max_file_bytes:
                yield (
                    name,
                    None,
                    f"entry is {info.file_size} bytes, over the {max_file_bytes} limit",
                )
                continue
            try:
                with archive.open(info) as fh:
                    data = fh.read(max_file_bytes + 1)  # header sizes can lie: read bounded
            except (zipfile.BadZipFile, OSError, NotImplementedError, RuntimeError) as exc:
                yield name, None, f"cannot read entry: {exc}"
                continue
            yield name, data, ""


def load_advisory_documents(
    path: str | os.PathLike[str],
    *,
    max_file_bytes: int = DEFAULT_MAX_FILE_BYTES,
    max_total_bytes: int = DEFAULT_MAX_TOTAL_BYTES,
    max_entries: int = DEFAULT_MAX_ENTRIES,
) -> tuple[dict[str, tuple[Advisory, dict[str, Any]]], LoadReport]:
    """Read an OSV export (folder or zip): the newest version of each advisory id, parsed and
    as its raw document (withdrawn ones included, so a mirror can drop them).

    Per-entry problems are counted in the report and never abort the import; a missing path,
    an unreadable zip, or exceeding `max_total_bytes`/`max_entries` raises
    `AdvisoryImportError`.
    """
    root = Path(path)
    if root.is_dir():
        entries = _iter_folder(root, max_file_bytes)
    elif root.is_file():
        entries = _iter_zip(root, max_file_bytes)
    else:
        raise AdvisoryImportError(f"{root}: no such file or folder")
    report = LoadReport()
    chosen: dict[str, tuple[Advisory, dict[str, Any]]] = {}
    total = 0
    count = 0
    for name, data, reason in entries:
        count += 1
        if count > max_entries:
            raise AdvisoryImportError(f"{root}: more than {max_entries} entries")
        if data is None:
            if reason == "non-json":
                report.skipped_non_json += 1
                report.warn(f"{name}: skipped, not a .json file")
            else:
                report.invalid += 1
                report.warn(f"{name}: {reason}")
            continue
        total += len(data)
        if total > max_total_bytes:
            raise AdvisoryImportError(f"{root}: over the {max_total_bytes}-byte total limit")
        if len(data) > max_file_bytes:
            report.invalid += 1
            report.warn(f"{name}: over the {max_file_bytes}-byte limit")
            continue
        try:
            doc = json.loads(data)
        except (ValueError, RecursionError) as exc:
            report.invalid += 1
            report.warn(f"{name}: invalid JSON ({str(exc)[:120]})")
            continue
        for item in doc if isinstance(doc, list) else [doc]:
            try:
                advisory = parse_advisory(item, report=report)
            except (AdvisoryError, RecursionError) as exc:
                report.invalid += 1
                report.warn(f"{name}: {exc}")
                continue
            except (ValueError, TypeError, LookupError, AttributeError) as exc:
                # Last-resort guard: an unexpected shape is a counted invalid entry, not a crash.
                report.invalid += 1
                report.warn(f"{name}: malformed advisory ({type(exc).__name__})")
                continue
            previous = chosen.get(advisory.id)
            if previous is not None:
                report.duplicates += 1
                if previous[0].modified >= advisory.modified:
                    continue
            chosen[advisory.id] = (advisory, item)
    report.withdrawn = sum(1 for a, _ in chosen.values() if a.withdrawn is not None)
    report.loaded = len(chosen) - report.withdrawn
    return chosen, report


def load_advisories(
    path: str | os.PathLike[str],
    *,
    max_file_bytes: int = DEFAULT_MAX_FILE_BYTES,
    max_total_bytes: int = DEFAULT_MAX_TOTAL_BYTES,
    max_entries: int = DEFAULT_MAX_ENTRIES,
) -> tuple[AdvisoryIndex, LoadReport]:
    """Load an OSV export (folder or zip) into an index; the newest version of each id wins
    and a withdrawn newest version removes the advisory."""
    chosen, report = load_advisory_documents(
        path,
        max_file_bytes=max_file_bytes,
        max_total_bytes=max_total_bytes,
        max_entries=max_entries,
    )
    return build_index(a for a, _ in chosen.values() if a.withdrawn is None), report
