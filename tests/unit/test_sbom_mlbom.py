"""ML-BOM generation: content, schema validation, determinism, failures."""

from __future__ import annotations

import hashlib
import json
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

import pytest

from modelreg.domain.cards import Section
from modelreg.sbom import mlbom
from modelreg.sbom.mlbom import (
    BomInput,
    BomValidationError,
    build_ml_bom,
    card_from_sections,
    dumps_bom,
    validate_ml_bom,
)
from modelreg.vulns.manifests import Dependency


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def _input() -> BomInput:
    return BomInput(
        model="vision/resnet",
        version="1.2.0",
        digest="sha256:" + _sha("version"),
        created=datetime(2025, 3, 4, 5, 6, 7, tzinfo=UTC),
        description="Image classifier",
        license="Apache-2.0",
        task="image-classification",
        framework="pytorch",
        owners=["alice", "bob"],
        tags={"team": "cv", "env": "prod"},
        files=[(f"weights/shard-{i}.safetensors", 1000 + i, _sha(f"f{i}")) for i in range(10)],
        datasets=[
            {
                "uri": "s3://data/imagenet/train",
                "digest": "sha256:" + _sha("d1"),
                "name": "imagenet",
                "version": "2012",
            },
            {"uri": "https://example.org/coco val", "name": "coco"},
        ],
        base_models=["vision/resnet-base@1.0.0"],
        dependencies=[
            Dependency("PyPI", "torch", "2.3.1", "requirements.txt", True),
            Dependency("PyPI", "numpy", "1.26.4", "requirements.txt", True),
            Dependency("PyPI", "requests", None, "pyproject.toml", True, spec=">=2"),
            Dependency("npm", "@types/node", "20.1.0", "ui/package-lock.json", False),
            Dependency("conda", "openssl", "3.0.13", "environment.yml", True),
        ],
        card={
            "intended_use": "Classify product photos into 1,000 categories.",
            "limitations": "Poor accuracy on low-light images.",
            "ethical_considerations": [
                {"name": "Demographic bias", "mitigation_strategy": "Audited on balanced set."}
            ],
            "out_of_scope_use": "Face recognition.",
            "metrics": {"top1": 0.81},
            "approach": "supervised",
            "architecture_family": "residual neural network",
            "custom_sections": {"Contact": "cv-team@example.org"},
        },
    )


def _by_ref(doc: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {c["bom-ref"]: c for c in doc["components"]}


def test_realistic_bom_validates_and_has_everything() -> None:
    inp = _input()
    doc = build_ml_bom(inp)
    validate_ml_bom(doc)  # again, explicitly
    assert doc["bomFormat"] == "CycloneDX"
    assert doc["specVersion"] == "1.6"

    model = doc["metadata"]["component"]
    assert model["type"] == "machine-learning-model"
    assert model["purl"] == "pkg:generic/modelreg/vision/resnet@1.2.0"
    assert model["hashes"] == [{"alg": "SHA-256", "content": _sha("version")}]
    assert model["licenses"] == [{"license": {"id": "Apache-2.0"}}]
    assert doc["metadata"]["timestamp"].startswith("2025-03-04T05:06:07")

    card = model["modelCard"]
    cons = card["considerations"]
    assert cons["useCases"] == ["Classify product photos into 1,000 categories."]
    assert cons["technicalLimitations"] == ["Poor accuracy on low-light images."]
    assert cons["ethicalConsiderations"] == [
        {"name": "Demographic bias", "mitigationStrategy": "Audited on balanced set."}
    ]
    params = card["modelParameters"]
    assert params["task"] == "image-classification"
    assert params["approach"] == {"type": "supervised"}
    assert params["architectureFamily"] == "residual neural network"
    assert card["quantitativeAnalysis"] == {
        "performanceMetrics": [{"type": "top1", "value": "0.81"}]
    }
    props = {p["name"]: p["value"] for p in card["properties"]}
    assert props["modelreg:card:out_of_scope_use"] == "Face recognition."
    assert props["modelreg:card:custom:Contact"] == "cv-team@example.org"

    comps = _by_ref(doc)
    # Files are the model's assembly: nested components of the model component.
    files = {c["bom-ref"]: c for c in model["components"]}
    assert all(c["type"] == "file" for c in files.values())
    assert len(files) == 10
    for i in range(10):
        f = files[f"file:weights/shard-{i}.safetensors"]
        assert f["hashes"] == [{"alg": "SHA-256", "content": _sha(f"f{i}")}]

    data = [c for c in doc["components"] if c["type"] == "data"]
    assert len(data) == 2
    assert all(c["data"][0]["type"] == "dataset" for c in data)
    assert {r["ref"] for r in params["datasets"]} == {c["bom-ref"] for c in data}
    coco = next(c for c in data if c["name"] == "coco")
    assert coco["data"][0]["contents"]["url"] == "https://example.org/coco%20val"

    purls = {c["purl"] for c in doc["components"] if c["type"] == "library"}
    assert purls == {
        "pkg:pypi/torch@2.3.1",
        "pkg:pypi/numpy@1.26.4",
        "pkg:pypi/requests",
        "pkg:npm/%40types/node@20.1.0",
        "pkg:conda/openssl@3.0.13",
    }
    base = comps["base-model:vision/resnet-base@1.0.0"]
    assert base["type"] == "machine-learning-model"
    assert base["purl"] == "pkg:generic/modelreg/vision/resnet-base@1.0.0"

    graph = {d["ref"]: set(d.get("dependsOn", [])) for d in doc["dependencies"]}
    expected = {c["bom-ref"] for c in doc["components"] if c["type"] != "file"}
    assert graph[model["bom-ref"]] == expected
    assert len(expected) == 2 + 1 + 5


def test_deterministic() -> None:
    a = dumps_bom(build_ml_bom(_input()))
    b = dumps_bom(build_ml_bom(_input()))
    assert a == b
    doc = json.loads(a)
    assert doc["serialNumber"].startswith("urn:uuid:")
    other = build_ml_bom(replace(_input(), digest=_sha("other")))
    assert other["serialNumber"] != doc["serialNumber"]


def test_minimal_input_is_valid() -> None:
    inp = BomInput(
        model="m",
        version="0.1",
        digest=_sha("x"),
        created=datetime(2025, 1, 1),  # naive: treated as UTC
    )
    doc = build_ml_bom(inp)
    model = doc["metadata"]["component"]
    assert model["purl"] == "pkg:generic/modelreg/m@0.1"
    assert "considerations" not in model["modelCard"]
    assert doc.get("components", []) == []
    assert "components" not in model


def test_card_from_sections() -> None:
    sections = [
        Section("model_details", "Model details", "facts", "generated"),
        Section("intended_use", "Intended use", "Do X.", "annotation"),
        Section("limitations", "Limitations", None, "missing"),
        Section("custom:Contact", "Contact", "me", "annotation"),
    ]
    assert card_from_sections(sections) == {
        "intended_use": "Do X.",
        "custom_sections": {"Contact": "me"},
    }


def test_invalid_model_card_is_rejected(monkeypatch: pytest.MonkeyPatch) -> None:
    real = mlbom._model_card

    def broken(inp: BomInput, refs: list[str]) -> dict[str, Any]:
        card = real(inp, refs)
        card["considerations"]["useCases"] = "not an array"
        return card

    monkeypatch.setattr(mlbom, "_model_card", broken)
    with pytest.raises(BomValidationError) as exc:
        build_ml_bom(_input())
    assert "useCases" in exc.value.message
    assert "is not of type 'array'" in exc.value.message


def test_unknown_model_card_field_is_rejected() -> None:
    doc = build_ml_bom(_input())
    doc["metadata"]["component"]["modelCard"]["notAField"] = 1
    with pytest.raises(BomValidationError, match="notAField"):
        validate_ml_bom(doc)


def test_bad_digest_is_rejected() -> None:
    with pytest.raises(BomValidationError, match="hashes"):
        build_ml_bom(replace(_input(), digest="sha256:nothex"))


def test_duplicates_are_collapsed() -> None:
    inp = _input()
    inp = replace(
        inp,
        files=[*inp.files, inp.files[0]],
        base_models=[*inp.base_models, inp.base_models[0]],
        dependencies=[*inp.dependencies, inp.dependencies[0]],
        datasets=[*inp.datasets, inp.datasets[0]],
    )
    doc = build_ml_bom(inp)
    refs = [c["bom-ref"] for c in doc["components"]]
    assert len(refs) == len(set(refs)) == 2 + 1 + 5
    assert len(doc["metadata"]["component"]["components"]) == 10
