"""Container SBOM upload validation: CycloneDX 1.4–1.6 and SPDX 2.2/2.3 JSON."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest

from modelreg.sbom.container import ContainerSbom, SbomInvalid, validate_container_sbom


def _cdx(spec: str) -> dict[str, Any]:
    return {
        "bomFormat": "CycloneDX",
        "specVersion": spec,
        "serialNumber": "urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79",
        "version": 1,
        "metadata": {"component": {"type": "container", "name": "registry/app", "version": "1"}},
        "components": [
            {
                "type": "library",
                "name": "openssl",
                "version": "3.0.13",
                "purl": "pkg:deb/debian/openssl@3.0.13",
                "components": [{"type": "file", "name": "libssl.so.3"}],
            },
            {
                "type": "library",
                "name": "flask",
                "version": "3.0.0",
                "purl": "pkg:pypi/flask@3.0.0",
            },
        ],
    }


SPDX: dict[str, Any] = {
    "spdxVersion": "SPDX-2.3",
    "dataLicense": "CC0-1.0",
    "SPDXID": "SPDXRef-DOCUMENT",
    "name": "registry/app:1",
    "documentNamespace": "https://example.org/spdx/app-1-1b9d6bcd",
    "creationInfo": {"created": "2025-01-02T03:04:05Z", "creators": ["Tool: syft-1.0.0"]},
    "packages": [
        {
            "SPDXID": "SPDXRef-Package-openssl",
            "name": "openssl",
            "versionInfo": "3.0.13",
            "downloadLocation": "NOASSERTION",
        },
        {"SPDXID": "SPDXRef-Package-flask", "name": "flask", "downloadLocation": "NONE"},
    ],
    "relationships": [
        {
            "spdxElementId": "SPDXRef-DOCUMENT",
            "relationshipType": "DESCRIBES",
            "relatedSpdxElement": "SPDXRef-Package-openssl",
        }
    ],
}


def _bytes(doc: Any) -> bytes:
    return json.dumps(doc).encode()


@pytest.mark.parametrize("spec", ["1.4", "1.5", "1.6"])
def test_valid_cyclonedx(spec: str) -> None:
    result = validate_container_sbom(_bytes(_cdx(spec)))
    assert result == ContainerSbom("cyclonedx", spec, 3)


def test_valid_spdx() -> None:
    assert validate_container_sbom(_bytes(SPDX)) == ContainerSbom("spdx", "2.3", 2)
    doc22 = copy.deepcopy(SPDX)
    doc22["spdxVersion"] = "SPDX-2.2"
    assert validate_container_sbom(_bytes(doc22)).spec_version == "2.2"


def test_cyclonedx_missing_spec_version() -> None:
    doc = _cdx("1.6")
    del doc["specVersion"]
    with pytest.raises(SbomInvalid, match="specVersion"):
        validate_container_sbom(_bytes(doc))


def test_cyclonedx_unsupported_spec_version() -> None:
    with pytest.raises(SbomInvalid, match=r"unsupported CycloneDX specVersion '1\.2'"):
        validate_container_sbom(_bytes(_cdx("1.2")))


def test_cyclonedx_wrong_types_name_the_schema_error() -> None:
    doc = _cdx("1.5")
    doc["version"] = "one"
    doc["components"][1]["name"] = 42
    with pytest.raises(SbomInvalid) as exc:
        validate_container_sbom(_bytes(doc))
    assert "invalid CycloneDX 1.5 document" in exc.value.detail
    joined = "\n".join(exc.value.errors)
    assert "/version: 'one' is not of type 'integer'" in joined
    assert "/components/1/name: 42 is not of type 'string'" in joined


def test_cyclonedx_unknown_property_rejected() -> None:
    doc = _cdx("1.6")
    doc["components"][0]["colour"] = "blue"
    with pytest.raises(SbomInvalid, match="colour"):
        validate_container_sbom(_bytes(doc))


def test_cyclonedx_bad_bom_format() -> None:
    doc = _cdx("1.6")
    doc["bomFormat"] = "SPDX"
    with pytest.raises(SbomInvalid, match="bomFormat"):
        validate_container_sbom(_bytes(doc))


@pytest.mark.parametrize(
    "data",
    [b"not json", b"\xff\xfe\x00", b"[1, 2]", b"{}", b"[" * 100_000 + b"]" * 100_000],
)
def test_not_an_sbom(data: bytes) -> None:
    with pytest.raises(SbomInvalid) as exc:
        validate_container_sbom(data)
    assert exc.value.detail


def test_size_limit() -> None:
    with pytest.raises(SbomInvalid, match="limit"):
        validate_container_sbom(_bytes(_cdx("1.6")), max_bytes=100)


def test_spdx_package_without_spdxid() -> None:
    doc = copy.deepcopy(SPDX)
    del doc["packages"][1]["SPDXID"]
    with pytest.raises(SbomInvalid) as exc:
        validate_container_sbom(_bytes(doc))
    assert exc.value.errors == ["/packages/1/SPDXID: required property is missing"]
    assert "/packages/1/SPDXID" in exc.value.detail


@pytest.mark.parametrize(
    ("mutate", "expected"),
    [
        (lambda d: d.pop("packages"), "/packages: required array is missing"),
        (lambda d: d.update(dataLicense="MIT"), "/dataLicense: must be 'CC0-1.0'"),
        (lambda d: d.pop("documentNamespace"), "/documentNamespace: required property"),
        (lambda d: d["creationInfo"].pop("creators"), "/creationInfo/creators: must be"),
        (lambda d: d["creationInfo"].update(created=5), "/creationInfo/created: must be a string"),
        (lambda d: d["packages"][0].update(name=["x"]), "/packages/0/name: must be a string"),
        (lambda d: d["packages"][0].pop("downloadLocation"), "/packages/0/downloadLocation"),
        (lambda d: d["packages"][1].update(SPDXID="SPDXRef-Package-openssl"), "duplicate"),
        (lambda d: d.update(spdxVersion="SPDX-3.0"), "unsupported spdxVersion"),
        (lambda d: d["relationships"][0].pop("relationshipType"), "relationshipType"),
    ],
)
def test_spdx_invalid(mutate: Any, expected: str) -> None:
    doc = copy.deepcopy(SPDX)
    mutate(doc)
    with pytest.raises(SbomInvalid) as exc:
        validate_container_sbom(_bytes(doc))
    assert any(expected in e for e in exc.value.errors) or expected in exc.value.detail
