"""Dependency vulnerability scanning: manifests → dependencies, OSV advisories → findings.

A pure library: no database, CLI or worker code lives here.
"""

from __future__ import annotations

from modelreg.vulns.cvss import CvssError, CvssScore, parse_cvss3
from modelreg.vulns.manifests import (
    Dependency,
    ManifestError,
    ParsedManifest,
    find_manifests,
    manifest_kind,
    parse_manifest,
    parse_manifest_bytes,
)
from modelreg.vulns.matching import MatchNote, MatchReport, VulnFinding, match, scan
from modelreg.vulns.osv import (
    Advisory,
    AdvisoryError,
    AdvisoryImportError,
    AdvisoryIndex,
    LoadReport,
    build_index,
    load_advisories,
    load_advisory_documents,
    parse_advisory,
)

__all__ = [
    "Advisory",
    "AdvisoryError",
    "AdvisoryImportError",
    "AdvisoryIndex",
    "CvssError",
    "CvssScore",
    "Dependency",
    "LoadReport",
    "ManifestError",
    "MatchNote",
    "MatchReport",
    "ParsedManifest",
    "VulnFinding",
    "build_index",
    "find_manifests",
    "load_advisories",
    "load_advisory_documents",
    "manifest_kind",
    "match",
    "parse_advisory",
    "parse_cvss3",
    "parse_manifest",
    "parse_manifest_bytes",
    "scan",
]
