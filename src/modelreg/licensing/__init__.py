"""License compliance: find a version's license declarations and judge them against policy.

A pure library: no database, HTTP or worker code lives here.
"""

from __future__ import annotations

from modelreg.licensing.detect import MAX_READ_BYTES, LicenseSource, find_license_sources
from modelreg.licensing.evaluate import LicenseInput, LicenseVerdict, evaluate
from modelreg.licensing.expressions import MAX_EXPRESSION_LENGTH, parse_spdx
from modelreg.licensing.ids import UNKNOWN, canonical_id, hf_license_to_spdx
from modelreg.licensing.policy import (
    DEFAULT_POLICY,
    LicensePolicy,
    PolicyMatch,
    Status,
    parse_policy_lists,
)
from modelreg.licensing.texts import TextMatch, identify_text

__all__ = [
    "DEFAULT_POLICY",
    "MAX_EXPRESSION_LENGTH",
    "MAX_READ_BYTES",
    "UNKNOWN",
    "LicenseInput",
    "LicensePolicy",
    "LicenseSource",
    "LicenseVerdict",
    "PolicyMatch",
    "Status",
    "TextMatch",
    "canonical_id",
    "evaluate",
    "find_license_sources",
    "hf_license_to_spdx",
    "identify_text",
    "parse_policy_lists",
    "parse_spdx",
]
