"""SBOMs: the CycloneDX 1.6 ML-BOM of a version and uploaded container SBOMs.

A pure library: no database, API or worker code lives here.
"""

from __future__ import annotations

from modelreg.sbom.container import (
    MAX_SBOM_BYTES,
    ContainerSbom,
    SbomInvalid,
    validate_container_sbom,
)
from modelreg.sbom.mlbom import (
    SPEC_VERSION,
    BomInput,
    BomValidationError,
    build_ml_bom,
    card_from_sections,
    dumps_bom,
    validate_ml_bom,
)

__all__ = [
    "MAX_SBOM_BYTES",
    "SPEC_VERSION",
    "BomInput",
    "BomValidationError",
    "ContainerSbom",
    "SbomInvalid",
    "build_ml_bom",
    "card_from_sections",
    "dumps_bom",
    "validate_container_sbom",
    "validate_ml_bom",
]
