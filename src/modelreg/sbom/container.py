"""Validation of uploaded container SBOMs (CycloneDX JSON 1.4–1.6 or SPDX JSON 2.2/2.3).

CycloneDX documents are validated against the matching JSON schema bundled with
cyclonedx-python-lib. No SPDX JSON schema ships with an installed package, so SPDX
documents get a focused structural check of the fields the SPDX 2.2/2.3 specification
requires (document, creation info, packages, and — when present — files and relationships).

Anything unusable raises `SbomInvalid(detail, errors)`; the API layer maps it to 422.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from cyclonedx.schema import SchemaVersion

from modelreg.sbom.limits import MAX_SBOM_BYTES
from modelreg.sbom.mlbom import schema_errors

__all__ = ["MAX_SBOM_BYTES", "ContainerSbom", "SbomInvalid", "validate_container_sbom"]

_MAX_ERRORS = 20

_CYCLONEDX_VERSIONS = {
    "1.4": SchemaVersion.V1_4,
    "1.5": SchemaVersion.V1_5,
    "1.6": SchemaVersion.V1_6,
}
_SPDX_VERSIONS = {"SPDX-2.2", "SPDX-2.3"}
_SPDX_ID = re.compile(r"^SPDXRef-[A-Za-z0-9.\-]+$")
_SPDX_CREATED = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$")
_SPDX_CREATOR = re.compile(r"^(Person|Organization|Tool): \S")
_SPDX_NAMESPACE = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*://[^#\s]+$")


class SbomInvalid(Exception):
    """An uploaded SBOM that is not valid, with the reason(s)."""

    def __init__(self, detail: str, errors: list[str] | None = None) -> None:
        super().__init__(detail)
        self.detail = detail
        self.errors = errors if errors is not None else [detail]


@dataclass(frozen=True)
class ContainerSbom:
    """A validated container SBOM."""

    format: Literal["cyclonedx", "spdx"]
    spec_version: str
    component_count: int
    document: dict[str, Any] = field(repr=False, compare=False, default_factory=dict)


def validate_container_sbom(data: bytes, *, max_bytes: int = MAX_SBOM_BYTES) -> ContainerSbom:
    """Detect and validate a CycloneDX or SPDX JSON document; raise `SbomInvalid` if unusable."""
    if len(data) > max_bytes:
        raise SbomInvalid(f"SBOM is {len(data)} bytes; the limit is {max_bytes} bytes")
    try:
        text = data.decode("utf-8-sig")
        doc = json.loads(text)
    except UnicodeDecodeError as exc:
        raise SbomInvalid(f"SBOM is not UTF-8 text: {exc.reason}") from None
    except json.JSONDecodeError as exc:
        raise SbomInvalid(f"SBOM is not valid JSON: {exc}") from None
    except RecursionError:
        raise SbomInvalid("SBOM is not valid JSON: nested too deeply") from None
    if not isinstance(doc, dict):
        raise SbomInvalid("SBOM must be a JSON object")
    if "bomFormat" in doc or "specVersion" in doc:
        return _cyclonedx(doc)
    if "spdxVersion" in doc:
        return _spdx(doc)
    raise SbomInvalid(
        "not a CycloneDX or SPDX JSON document: no bomFormat/specVersion or spdxVersion"
    )


def _cyclonedx(doc: dict[str, Any]) -> ContainerSbom:
    if doc.get("bomFormat") != "CycloneDX":
        raise SbomInvalid(f"bomFormat must be 'CycloneDX', got {doc.get('bomFormat')!r}")
    spec = doc.get("specVersion")
    if spec is None:
        raise SbomInvalid("CycloneDX document has no specVersion")
    version = _CYCLONEDX_VERSIONS.get(spec) if isinstance(spec, str) else None
    if version is None:
        supported = ", ".join(sorted(_CYCLONEDX_VERSIONS))
        raise SbomInvalid(f"unsupported CycloneDX specVersion {spec!r} (supported: {supported})")
    try:
        errors = schema_errors(doc, version)
    except RecursionError:
        raise SbomInvalid("CycloneDX document is nested too deeply") from None
    if errors:
        raise SbomInvalid(f"invalid CycloneDX {spec} document: {errors[0]}", errors)
    return ContainerSbom("cyclonedx", spec, _count_components(doc.get("components")), doc)


def _count_components(components: Any) -> int:
    count = 0
    stack = [components]
    while stack:
        items = stack.pop()
        if not isinstance(items, list):
            continue
        for item in items:
            count += 1
            if isinstance(item, Mapping):
                stack.append(item.get("components"))
    return count


class _Errors:
    def __init__(self) -> None:
        self.items: list[str] = []

    def add(self, path: str, message: str) -> None:
        if len(self.items) < _MAX_ERRORS:
            self.items.append(f"{path}: {message}")

    def string(self, obj: Mapping[str, Any], key: str, path: str) -> str | None:
        value = obj.get(key)
        if key not in obj:
            self.add(f"{path}/{key}", "required property is missing")
            return None
        if not isinstance(value, str):
            self.add(f"{path}/{key}", f"must be a string, got {type(value).__name__}")
            return None
        if not value.strip():
            self.add(f"{path}/{key}", "must not be empty")
            return None
        return value

    def spdx_id(self, obj: Mapping[str, Any], path: str, seen: set[str]) -> None:
        value = self.string(obj, "SPDXID", path)
        if value is None:
            return
        if not _SPDX_ID.match(value):
            self.add(f"{path}/SPDXID", f"{value!r} does not match SPDXRef-[A-Za-z0-9.-]+")
        elif value in seen:
            self.add(f"{path}/SPDXID", f"duplicate SPDXID {value!r}")
        seen.add(value)


def _spdx(doc: dict[str, Any]) -> ContainerSbom:
    version = doc.get("spdxVersion")
    if not isinstance(version, str) or version not in _SPDX_VERSIONS:
        supported = ", ".join(sorted(_SPDX_VERSIONS))
        raise SbomInvalid(f"unsupported spdxVersion {version!r} (supported: {supported})")
    err = _Errors()
    ids: set[str] = set()

    doc_id = err.string(doc, "SPDXID", "")
    if doc_id is not None and doc_id != "SPDXRef-DOCUMENT":
        err.add("/SPDXID", f"must be 'SPDXRef-DOCUMENT', got {doc_id!r}")
    ids.add("SPDXRef-DOCUMENT")
    err.string(doc, "name", "")
    license_ = err.string(doc, "dataLicense", "")
    if license_ is not None and license_ != "CC0-1.0":
        err.add("/dataLicense", f"must be 'CC0-1.0', got {license_!r}")
    namespace = err.string(doc, "documentNamespace", "")
    if namespace is not None and not _SPDX_NAMESPACE.match(namespace):
        err.add("/documentNamespace", "must be an absolute URI without a '#' part")

    info = doc.get("creationInfo")
    if not isinstance(info, Mapping):
        err.add(
            "/creationInfo", "required object is missing" if info is None else "must be an object"
        )
    else:
        created = err.string(info, "created", "/creationInfo")
        if created is not None and not _SPDX_CREATED.match(created):
            err.add("/creationInfo/created", f"{created!r} is not YYYY-MM-DDThh:mm:ssZ")
        creators = info.get("creators")
        if not isinstance(creators, list) or not creators:
            err.add("/creationInfo/creators", "must be a non-empty array")
        else:
            for i, creator in enumerate(creators):
                if not isinstance(creator, str) or not _SPDX_CREATOR.match(creator):
                    err.add(
                        f"/creationInfo/creators/{i}",
                        "must be 'Person: …', 'Organization: …' or 'Tool: …'",
                    )

    packages = doc.get("packages")
    if not isinstance(packages, list):
        err.add(
            "/packages", "required array is missing" if packages is None else "must be an array"
        )
        packages = []
    for i, package in enumerate(packages):
        path = f"/packages/{i}"
        if not isinstance(package, Mapping):
            err.add(path, "must be an object")
            continue
        err.spdx_id(package, path, ids)
        err.string(package, "name", path)
        err.string(package, "downloadLocation", path)
        if "versionInfo" in package and not isinstance(package["versionInfo"], str):
            err.add(f"{path}/versionInfo", "must be a string")
        refs = package.get("externalRefs", [])
        if not isinstance(refs, list):
            err.add(f"{path}/externalRefs", "must be an array")

    files = doc.get("files", [])
    if not isinstance(files, list):
        err.add("/files", "must be an array")
        files = []
    for i, file in enumerate(files):
        path = f"/files/{i}"
        if not isinstance(file, Mapping):
            err.add(path, "must be an object")
            continue
        err.spdx_id(file, path, ids)
        err.string(file, "fileName", path)

    relationships = doc.get("relationships", [])
    if not isinstance(relationships, list):
        err.add("/relationships", "must be an array")
        relationships = []
    for i, rel in enumerate(relationships):
        path = f"/relationships/{i}"
        if not isinstance(rel, Mapping):
            err.add(path, "must be an object")
            continue
        for key in ("spdxElementId", "relationshipType", "relatedSpdxElement"):
            err.string(rel, key, path)

    if err.items:
        raise SbomInvalid(f"invalid {version} document: {err.items[0]}", err.items)
    return ContainerSbom("spdx", version.removeprefix("SPDX-"), len(packages), doc)
