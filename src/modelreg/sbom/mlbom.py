"""CycloneDX 1.6 ML-BOM for one model version.

`build_ml_bom` builds the BOM with cyclonedx-python-lib (model, files, datasets, base
models, libraries, dependency graph), serialises it as CycloneDX 1.6 JSON, then adds what
the library has no model for — the model component's ``modelCard`` and the datasets'
``data`` entries — and validates the result against the bundled 1.6 JSON schema. An
invalid BOM raises `BomValidationError`; nothing invalid is ever returned.

The output is deterministic: bom-refs are derived from names/paths, the serial number is a
UUIDv5 of model, version and digest, and the timestamp is `BomInput.created`.
"""

from __future__ import annotations

import json
import re
import urllib.parse
import uuid
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any

from cyclonedx.contrib.license.factories import LicenseFactory
from cyclonedx.model import HashAlgorithm, HashType, Property
from cyclonedx.model.bom import Bom
from cyclonedx.model.component import Component, ComponentType
from cyclonedx.model.contact import OrganizationalContact
from cyclonedx.output.json import JsonV1Dot6
from cyclonedx.schema import SchemaVersion
from cyclonedx.schema._res import BOM_JSON_STRICT, CRYPTOGRAPHY_DEFS, JSF, SPDX_JSON
from jsonschema import validators  # type: ignore[import-untyped]
from jsonschema.exceptions import ValidationError as JsonSchemaError  # type: ignore[import-untyped]
from jsonschema.validators import Draft7Validator  # type: ignore[import-untyped]
from packageurl import PackageURL
from referencing import Registry
from referencing.jsonschema import DRAFT7

from modelreg import __version__
from modelreg.domain.cards import Section
from modelreg.vulns.manifests import Dependency

__all__ = [
    "SPEC_VERSION",
    "BomInput",
    "BomValidationError",
    "build_ml_bom",
    "card_from_sections",
    "dumps_bom",
    "validate_ml_bom",
]

SPEC_VERSION = "1.6"
_SERIAL_NAMESPACE = uuid.UUID("6f1c1f6e-6a43-5b7e-9f0e-6d6f64656c72")  # fixed, "modelr"
_HEX64 = re.compile(r"^[0-9a-fA-F]{64}$")
_MODEL_REF = re.compile(r"^(?P<group>[^/@\s]+)/(?P<name>[^/@\s]+)@(?P<version>[^@\s]+)$")
_APPROACHES = {
    "supervised",
    "unsupervised",
    "reinforcement-learning",
    "semi-supervised",
    "self-supervised",
}
_PURL_TYPES = {"PyPI": "pypi", "npm": "npm", "conda": "conda"}
# Card sections with a dedicated modelCard field; everything else becomes a property.
_CARD_FIELDS = {
    "intended_use",
    "users",
    "limitations",
    "performance_tradeoffs",
    "ethical_considerations",
    "metrics",
    "approach",
    "architecture_family",
    "model_architecture",
    "custom_sections",
}
_MAX_ERRORS = 20
_MAX_MESSAGE = 500


class BomValidationError(Exception):
    """The generated BOM does not validate against the CycloneDX schema."""

    def __init__(self, message: str, errors: Sequence[str] = ()) -> None:
        super().__init__(message)
        self.message = message
        self.errors = list(errors) or [message]


@dataclass(frozen=True)
class BomInput:
    """Everything the registry knows about a version that goes into its ML-BOM.

    ``files`` are ``(path, size, sha256)``; ``datasets`` are dicts with any of ``uri``,
    ``digest`` (``sha256:<hex>`` or bare hex), ``name``, ``version``, ``description``;
    ``base_models`` are references (``group/name@version`` gets a modelreg purl);
    ``card`` maps card section keys (``intended_use``, ``limitations``,
    ``ethical_considerations``, ...) to their text — see `card_from_sections`.
    """

    model: str  # "group/name"
    version: str
    digest: str  # "sha256:<hex>" or "<hex>"
    created: datetime
    description: str | None = None
    license: str | None = None  # SPDX expression or id
    task: str | None = None
    framework: str | None = None
    owners: Sequence[str] = ()
    tags: Mapping[str, str] = field(default_factory=dict)
    files: Sequence[tuple[str, int, str]] = ()
    datasets: Sequence[Mapping[str, Any]] = ()
    base_models: Sequence[str] = ()
    dependencies: Sequence[Dependency] = ()
    card: Mapping[str, Any] = field(default_factory=dict)


def card_from_sections(sections: Iterable[Section]) -> dict[str, Any]:
    """Card sections (from `modelreg.domain.cards.build_sections`) as a `BomInput.card`.

    Only sections with content are kept; generated fact sections (details, lineage,
    files) are skipped as the BOM carries those facts in structured form.
    """
    card: dict[str, Any] = {}
    custom: dict[str, str] = {}
    for section in sections:
        if not section.content or section.source == "missing":
            continue
        if section.key in {"model_details", "lineage", "files"}:
            continue
        if section.key.startswith("custom:"):
            custom[section.title] = section.content
        else:
            card[section.key] = section.content
    if custom:
        card["custom_sections"] = custom
    return card


def build_ml_bom(inp: BomInput) -> dict[str, Any]:
    """The validated CycloneDX 1.6 ML-BOM for a version, as a JSON-ready dict.

    Raises `BomValidationError` if the result does not validate.
    """
    group, _, name = inp.model.rpartition("/")
    digest_hex = _hex_digest(inp.digest)
    model_ref = f"model:{inp.model}@{inp.version}"

    model = Component(
        type=ComponentType.MACHINE_LEARNING_MODEL,
        bom_ref=model_ref,
        group=group or None,
        name=name,
        version=inp.version,
        description=inp.description or None,
        purl=PackageURL(
            type="generic",
            namespace=f"modelreg/{group}" if group else "modelreg",
            name=name,
            version=inp.version,
        ),
        hashes=[HashType(alg=HashAlgorithm.SHA_256, content=digest_hex)],
        licenses=[LicenseFactory().make_from_string(inp.license)] if inp.license else None,
        authors=[OrganizationalContact(name=o) for o in sorted(set(inp.owners))] or None,
        properties=_model_properties(inp),
    )

    bom = Bom(serial_number=_serial(inp, digest_hex))
    bom.metadata.timestamp = _utc(inp.created)
    bom.metadata.component = model
    bom.metadata.tools.components.add(
        Component(type=ComponentType.APPLICATION, name="modelreg", version=__version__)
    )

    depends_on: list[Component] = []

    seen_files: set[str] = set()
    for path, size, sha256 in inp.files:
        if path in seen_files:
            continue
        seen_files.add(path)
        model.components.add(
            Component(
                type=ComponentType.FILE,
                bom_ref=f"file:{path}",
                name=path,
                hashes=[HashType(alg=HashAlgorithm.SHA_256, content=_hex_digest(sha256))],
                properties=[Property(name="modelreg:size", value=str(size))],
            )
        )

    dataset_data: dict[str, dict[str, Any]] = {}
    for ds in inp.datasets:
        component, data = _dataset(ds)
        if str(component.bom_ref) in dataset_data:
            continue
        dataset_data[str(component.bom_ref)] = data
        bom.components.add(component)
        depends_on.append(component)

    seen_base: set[str] = set()
    for ref in inp.base_models:
        if ref in seen_base:
            continue
        seen_base.add(ref)
        component = _base_model(ref)
        bom.components.add(component)
        depends_on.append(component)

    seen_libs: set[str] = set()
    for dep in sorted(inp.dependencies, key=_dep_key):
        component = _library(dep)
        if str(component.bom_ref) in seen_libs:
            continue
        seen_libs.add(str(component.bom_ref))
        bom.components.add(component)
        depends_on.append(component)

    bom.register_dependency(model, depends_on)
    for component in depends_on:
        bom.register_dependency(component, [])

    doc: dict[str, Any] = json.loads(JsonV1Dot6(bom).output_as_string())
    doc["metadata"]["component"]["modelCard"] = _model_card(inp, list(dataset_data))
    for component_json in doc.get("components", []):
        entry = dataset_data.get(str(component_json.get("bom-ref", "")))
        if entry is not None:
            component_json["data"] = [entry]
    validate_ml_bom(doc)
    return doc


def dumps_bom(doc: Mapping[str, Any]) -> bytes:
    """A BOM dict as compact UTF-8 JSON bytes (stable for the same dict)."""
    return json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode()


def validate_ml_bom(doc: Mapping[str, Any]) -> None:
    """Validate a BOM dict against the CycloneDX 1.6 JSON schema (strict).

    Raises `BomValidationError` with the first schema errors on failure.
    """
    errors = schema_errors(doc, SchemaVersion.V1_6)
    if errors:
        raise BomValidationError(f"invalid CycloneDX {SPEC_VERSION} BOM: {errors[0]}", errors)


def schema_errors(doc: Any, version: SchemaVersion) -> list[str]:
    """Up to 20 schema errors (``/path: message``) for a parsed CycloneDX JSON document."""
    messages = []
    for error in _validator(version).iter_errors(doc):
        path = "/".join(str(p) for p in error.absolute_path)
        message = str(error.message)
        if len(message) > _MAX_MESSAGE:
            message = message[:_MAX_MESSAGE] + "…"
        messages.append(f"/{path}: {message}")
        if len(messages) >= _MAX_ERRORS:
            break
    return messages


def _all_unique(items: list[Any]) -> bool:
    """jsonschema's ``uniqueItems`` equality (1 == 1.0, True != 1, key order ignored) in O(n)."""
    seen: set[Any] = set()
    for item in items:
        key = _canon(item)
        if key in seen:
            return False
        seen.add(key)
    return True


def _canon(value: Any) -> Any:
    if isinstance(value, bool):
        return ("b", value)
    if isinstance(value, int | float):
        return ("n", value)
    if isinstance(value, str):
        return ("s", value)
    if isinstance(value, dict):
        return ("o", frozenset((k, _canon(v)) for k, v in value.items()))
    if isinstance(value, list):
        return ("a", tuple(_canon(v) for v in value))
    return ("z", None)


def _unique_items(validator: Any, unique: Any, instance: Any, schema: Any) -> Iterator[Any]:
    if unique and validator.is_type(instance, "array") and not _all_unique(instance):
        yield JsonSchemaError(f"{instance!r} has non-unique elements")


class _Validator:
    """The CycloneDX strict JSON schema validator, with a linear-time ``uniqueItems``.

    Same schema files, referenced schemas and format checker as cyclonedx-python-lib's
    `JsonStrictValidator`; only jsonschema's ``uniqueItems`` check is replaced, because its
    fallback for unsortable items (objects) compares every pair — about 10 s for a BOM with
    1,200 components.
    """

    def __init__(self, version: SchemaVersion) -> None:
        schema_file = BOM_JSON_STRICT.get(version)
        if schema_file is None:
            raise ValueError(f"no CycloneDX JSON schema for {version}")
        prefix = "http://cyclonedx.org/schema/"
        resources = []
        for name, path in (
            ("spdx.SNAPSHOT.schema.json", SPDX_JSON),
            ("cryptography-defs.SNAPSHOT.schema.json", CRYPTOGRAPHY_DEFS),
            ("jsf-0.82.SNAPSHOT.schema.json", JSF),
        ):
            resources.append((prefix + name, DRAFT7.create_resource(_load(path))))
        cls = validators.extend(Draft7Validator, {"uniqueItems": _unique_items})
        self._validator = cls(
            _load(schema_file),
            registry=Registry().with_resources(resources),
            format_checker=Draft7Validator.FORMAT_CHECKER,
        )

    def iter_errors(self, doc: Any) -> Iterator[Any]:
        return iter(self._validator.iter_errors(doc))


def _load(path: str) -> Any:
    with open(path, encoding="utf-8") as f:  # noqa: PTH123
        return json.load(f)


@lru_cache(maxsize=8)
def _validator(version: SchemaVersion) -> _Validator:
    # Loading and compiling a schema takes a while; keep one validator per version.
    return _Validator(version)


def _hex_digest(value: str) -> str:
    """The hex part of ``sha256:<hex>``/``<hex>``; other values pass through for the schema."""
    algo, sep, rest = value.partition(":")
    if sep and algo.lower() == "sha256":
        return rest.lower() if _HEX64.match(rest) else rest
    return value.lower() if _HEX64.match(value) else value


def _utc(moment: datetime) -> datetime:
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def _serial(inp: BomInput, digest_hex: str) -> uuid.UUID:
    return uuid.uuid5(_SERIAL_NAMESPACE, f"{inp.model}@{inp.version}#{digest_hex}")


def _model_properties(inp: BomInput) -> list[Property]:
    props = []
    if inp.framework:
        props.append(Property(name="modelreg:framework", value=inp.framework))
    if inp.task:
        props.append(Property(name="modelreg:task", value=inp.task))
    for key, value in sorted(inp.tags.items()):
        props.append(Property(name=f"modelreg:tag:{key}", value=str(value)))
    return props


def _iri(uri: str) -> str:
    # Keep URI syntax characters; percent-encode anything else (spaces, controls).
    return urllib.parse.quote(uri, safe=":/?#[]@!$&'()*+,;=%~")


def _dataset(ds: Mapping[str, Any]) -> tuple[Component, dict[str, Any]]:
    uri = str(ds["uri"]) if ds.get("uri") else None
    digest = str(ds["digest"]) if ds.get("digest") else None
    name = str(ds.get("name") or uri or digest or "dataset")
    version = str(ds["version"]) if ds.get("version") else None
    key = digest or uri or (f"{name}@{version}" if version else name)
    bom_ref = f"dataset:{key}"
    props = []
    if uri:
        props.append(Property(name="modelreg:dataset:uri", value=uri))
    component = Component(
        type=ComponentType.DATA,
        bom_ref=bom_ref,
        name=name,
        version=version,
        description=str(ds["description"]) if ds.get("description") else None,
        hashes=[HashType(alg=HashAlgorithm.SHA_256, content=_hex_digest(digest))]
        if digest
        else None,
        properties=props,
    )
    data: dict[str, Any] = {"type": "dataset", "name": name}
    if uri:
        data["contents"] = {"url": _iri(uri)}
    if ds.get("description"):
        data["description"] = str(ds["description"])
    return component, data


def _base_model(ref: str) -> Component:
    m = _MODEL_REF.match(ref)
    purl = None
    if m:
        purl = PackageURL(
            type="generic",
            namespace=f"modelreg/{m['group']}",
            name=m["name"],
            version=m["version"],
        )
    return Component(
        type=ComponentType.MACHINE_LEARNING_MODEL,
        bom_ref=f"base-model:{ref}",
        group=m["group"] if m else None,
        name=m["name"] if m else ref,
        version=m["version"] if m else None,
        purl=purl,
        properties=[Property(name="modelreg:role", value="base-model")],
    )


def _dep_key(dep: Dependency) -> tuple[str, str, str, str]:
    return (dep.ecosystem, dep.name, dep.version or "", dep.source_path)


def _library(dep: Dependency) -> Component:
    purl_type = _PURL_TYPES.get(dep.ecosystem, "generic")
    namespace = None
    name = dep.name
    if purl_type == "npm" and name.startswith("@") and "/" in name:
        namespace, _, name = name.partition("/")
    purl = PackageURL(type=purl_type, namespace=namespace, name=name, version=dep.version)
    props = [Property(name="modelreg:manifest", value=dep.source_path)]
    if dep.spec and not dep.version:
        props.append(Property(name="modelreg:constraint", value=dep.spec))
    if not dep.direct:
        props.append(Property(name="modelreg:transitive", value="true"))
    return Component(
        type=ComponentType.LIBRARY,
        bom_ref=purl.to_string(),
        group=namespace,
        name=name,
        version=dep.version,
        purl=purl,
        properties=props,
    )


def _texts(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value] if value.strip() else []
    if isinstance(value, list | tuple):
        return [str(v) for v in value if str(v).strip()]
    return [str(value)]


def _risks(value: Any) -> list[dict[str, str]]:
    if value is None:
        return []
    items = value if isinstance(value, list | tuple) else [value]
    risks = []
    for item in items:
        if isinstance(item, Mapping):
            risk = {"name": str(item.get("name", ""))}
            mitigation = item.get("mitigation_strategy", item.get("mitigationStrategy"))
            if mitigation:
                risk["mitigationStrategy"] = str(mitigation)
            risks.append(risk)
        elif str(item).strip():
            risks.append({"name": str(item)})
    return risks


def _metrics(value: Any) -> list[dict[str, Any]]:
    if isinstance(value, Mapping):
        return [{"type": str(k), "value": str(v)} for k, v in sorted(value.items())]
    metrics = []
    for item in value or []:
        metric: dict[str, Any] = {"type": str(item["type"]), "value": str(item["value"])}
        if item.get("slice"):
            metric["slice"] = str(item["slice"])
        metrics.append(metric)
    return metrics


def _model_card(inp: BomInput, dataset_refs: list[str]) -> dict[str, Any]:
    card = inp.card
    params: dict[str, Any] = {}
    approach = card.get("approach")
    if isinstance(approach, str) and approach in _APPROACHES:
        params["approach"] = {"type": approach}
    if inp.task:
        params["task"] = inp.task
    for key, out in (
        ("architecture_family", "architectureFamily"),
        ("model_architecture", "modelArchitecture"),
    ):
        if card.get(key):
            params[out] = str(card[key])
    if dataset_refs:
        params["datasets"] = [{"ref": ref} for ref in dataset_refs]

    considerations: dict[str, Any] = {}
    for key, out in (
        ("users", "users"),
        ("intended_use", "useCases"),
        ("limitations", "technicalLimitations"),
        ("performance_tradeoffs", "performanceTradeoffs"),
    ):
        texts = _texts(card.get(key))
        if texts:
            considerations[out] = texts
    risks = _risks(card.get("ethical_considerations"))
    if risks:
        considerations["ethicalConsiderations"] = risks

    model_card: dict[str, Any] = {"bom-ref": f"model-card:{inp.model}@{inp.version}"}
    if params:
        model_card["modelParameters"] = params
    metrics = _metrics(card.get("metrics"))
    if metrics:
        model_card["quantitativeAnalysis"] = {"performanceMetrics": metrics}
    if considerations:
        model_card["considerations"] = considerations

    props = [
        {"name": f"modelreg:card:{key}", "value": text}
        for key, value in sorted(card.items())
        if key not in _CARD_FIELDS
        for text in _texts(value)
    ]
    custom = card.get("custom_sections") or {}
    props += [
        {"name": f"modelreg:card:custom:{title}", "value": str(text)}
        for title, text in sorted(custom.items())
    ]
    if props:
        model_card["properties"] = props
    return model_card
