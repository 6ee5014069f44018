"""License ids: SPDX canonical spelling and the Hugging Face Hub ids that are not SPDX."""

from __future__ import annotations

import functools
import re

from license_expression import LicenseSymbol  # type: ignore[import-untyped]

from modelreg.licensing.expressions import parse_spdx, spdx

__all__ = ["OTHER", "UNKNOWN", "canonical_id", "hf_license_to_spdx", "license_ref"]

UNKNOWN = "LicenseRef-unknown"
OTHER = "LicenseRef-other"

# Hub ids (https://huggingface.co/docs/hub/repositories-licenses) that are not SPDX ids, or
# that the SPDX alias table would resolve to something else. Everything else on the Hub's
# list is a lower-cased SPDX id that `license_expression` already resolves.
_HF_IDS: dict[str, str] = {
    "unknown": UNKNOWN,
    "other": OTHER,
    "odbl": "ODbL-1.0",
    "odc-by": "ODC-By-1.0",
    "pddl": "PDDL-1.0",
    # "openrail++" would otherwise sanitise to the same id as "openrail".
    "openrail++": "LicenseRef-openrail-plusplus",
    **{
        hub_id: f"LicenseRef-{hub_id}"
        for hub_id in (
            "openrail",
            "creativeml-openrail-m",
            "bigscience-openrail-m",
            "bigscience-bloom-rail-1.0",
            "bigcode-openrail-m",
            "llama2",
            "llama3",
            "llama3.1",
            "llama3.2",
            "llama3.3",
            "llama4",
            "gemma",
            "deepfloyd-if-license",
            "fair-noncommercial-research-license",
            "grok2-community",
            "apple-ascl",
            "apple-amlr",
            "c-uda",
            "h-research",
            "intel-research",
            "lgpl-lr",
            "openmdw-1.0",
            "bsd",
            "cc",
            "lgpl",
            "gfdl",
        )
    },
}

_NOT_IDSTRING = re.compile(r"[^A-Za-z0-9.-]+")
_LICENSE_REF = "licenseref-"


def license_ref(name: str) -> str:
    """`LicenseRef-<name>` with the characters SPDX does not allow replaced by `-`."""
    cleaned = _NOT_IDSTRING.sub("-", name).strip("-.")
    if cleaned.lower().startswith(_LICENSE_REF):
        cleaned = cleaned[len(_LICENSE_REF) :]
    return f"LicenseRef-{cleaned}" if cleaned else UNKNOWN


@functools.lru_cache(maxsize=4096)
def canonical_id(token: str) -> str:
    """The canonical spelling of one license id: SPDX case/aliases, Hub ids as LicenseRef-."""
    text = token.strip()
    parsed, _ = parse_spdx(text)
    if isinstance(parsed, LicenseSymbol) and parsed.key in spdx().known_symbols:
        return str(parsed.key)
    lowered = text.lower()
    if lowered in _HF_IDS:
        return _HF_IDS[lowered]
    if lowered.startswith(_LICENSE_REF):
        return "LicenseRef-" + text[len(_LICENSE_REF) :]
    return text


def hf_license_to_spdx(value: str) -> str:
    """Map a Hugging Face `license:` value (a Hub id, or an SPDX expression) to SPDX."""
    text = value.strip()
    if not text:
        return UNKNOWN
    single = canonical_id(text)
    if single in spdx().known_symbols:
        return single
    if single.startswith("LicenseRef-"):
        return license_ref(single)
    parsed, problem = parse_spdx(text)
    if problem is not None:
        return license_ref(text)
    if isinstance(parsed, LicenseSymbol):
        # One id that is neither SPDX nor a Hub id: keep the name, but as a LicenseRef so
        # it can never pose as a listed SPDX license.
        return license_ref(text)
    return str(parsed.render())
