"""Limits of uploaded SBOMs, importable without the SBOM libraries."""

from __future__ import annotations

MAX_SBOM_BYTES = 64 * 1024 * 1024
