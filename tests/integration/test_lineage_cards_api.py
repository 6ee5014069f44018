"""Lineage (both directions, transitive) and generated model cards over HTTP."""

from __future__ import annotations

import pytest
import yaml
from api_support import MODEL, Api, assert_problem

M = "/api/v1/models"
COMMIT = "9fceb02d0ae598e95dc970b74767f19372d61af8"


@pytest.fixture
def chain(api: Api, owner: dict[str, str]) -> None:
    """nlp/base@1.0.0 <- nlp/tuned@2.0.0 <- fraud/credit-scorer@1.0.0, each with own links."""
    for group, name in [("nlp", "base"), ("nlp", "tuned"), ("fraud", "credit-scorer")]:
        api.http.post(M, json={**MODEL, "group": group, "name": name}, headers=owner)
    api.http.post(
        f"{M}/nlp/base/versions",
        json={
            "version": "1.0.0",
            "lineage": [
                {
                    "kind": "dataset",
                    "uri": "s3://corpus/wiki",
                    "digest": "sha256:aa",
                    "name": "wiki",
                },
                {"kind": "base_model", "ref": "hf://google-bert/bert-base-uncased@86b5e09"},
            ],
        },
        headers=owner,
    )
    api.http.post(
        f"{M}/nlp/tuned/versions",
        json={
            "version": "2.0.0",
            "lineage": [
                {"kind": "base_model", "ref": "nlp/base@1.0.0"},
                {
                    "kind": "code",
                    "repository": "https://git.example.com/nlp",
                    "commit": COMMIT.upper(),
                },
            ],
        },
        headers=owner,
    )
    resp = api.http.post(
        f"{M}/fraud/credit-scorer/versions",
        json={
            "version": "1.0.0",
            "lineage": [
                {"kind": "base_model", "ref": "nlp/tuned@2.0.0"},
                {
                    "kind": "dataset",
                    "uri": "s3://risk/q3.parquet",
                    "digest": "sha256:bb",
                    "role": "training",
                },
                {
                    "kind": "training_run",
                    "system": "mlflow",
                    "run_id": "r1",
                    "metrics": {"auc": 0.91},
                },
                {"kind": "code", "repository": "https://git.example.com/risk", "commit": COMMIT},
            ],
        },
        headers=owner,
    )
    assert resp.status_code == 201, resp.text


@pytest.mark.usefixtures("chain")
def test_graph_is_transitive_through_registry_base_models(api: Api, owner: dict[str, str]) -> None:
    graph = api.http.get(
        f"{M}/fraud/credit-scorer/versions/1.0.0/lineage/graph", headers=owner
    ).json()
    ids = {n["id"] for n in graph["nodes"]}
    assert {
        "version:fraud/credit-scorer@1.0.0",
        "version:nlp/tuned@2.0.0",
        "version:nlp/base@1.0.0",
        "dataset:s3://corpus/wiki",
        "dataset:s3://risk/q3.parquet",
        "base_model:hf://google-bert/bert-base-uncased@86b5e09",
    } <= ids
    edges = {(e["source"], e["target"]) for e in graph["edges"]}
    assert ("version:nlp/base@1.0.0", "version:nlp/tuned@2.0.0") in edges
    assert ("version:nlp/tuned@2.0.0", "version:fraud/credit-scorer@1.0.0") in edges
    assert graph["truncated"] is False
    shallow = api.http.get(
        f"{M}/fraud/credit-scorer/versions/1.0.0/lineage/graph", params={"depth": 1}, headers=owner
    ).json()
    assert shallow["truncated"] is True
    assert "version:nlp/base@1.0.0" not in {n["id"] for n in shallow["nodes"]}


@pytest.mark.usefixtures("chain")
def test_reverse_queries(api: Api, owner: dict[str, str]) -> None:
    def users(**params: str) -> list[str]:
        resp = api.http.get("/api/v1/lineage/usages", params=params, headers=owner)
        assert resp.status_code == 200, resp.text
        return sorted(f"{u['model']}@{u['version']}" for u in resp.json())

    assert users(kind="code", ref=COMMIT) == ["fraud/credit-scorer@1.0.0", "nlp/tuned@2.0.0"]
    assert users(kind="dataset", ref="s3://corpus/wiki") == ["nlp/base@1.0.0"]
    assert users(kind="dataset", digest="sha256:bb") == ["fraud/credit-scorer@1.0.0"]
    assert users(kind="base_model", ref="nlp/base@1.0.0") == ["nlp/tuned@2.0.0"]
    assert users(kind="training_run", ref="mlflow:r1") == ["fraud/credit-scorer@1.0.0"]
    assert_problem(
        api.http.get("/api/v1/lineage/usages", params={"kind": "code"}, headers=owner),
        422,
        "invalid-input",
    )


def test_bad_lineage_is_422_or_404(api: Api, owner: dict[str, str]) -> None:
    api.http.post(M, json=MODEL, headers=owner)
    url = f"{M}/fraud/credit-scorer/versions"
    for link, status in [
        ({"kind": "code", "repository": "r", "commit": "abc"}, 422),
        ({"kind": "base_model", "ref": "no/such@1.0.0"}, 404),
        ({"kind": "base_model", "ref": "nlp/base@latest"}, 422),
        ({"kind": "base_model", "ref": "not a ref"}, 422),
        ({"kind": "teleport", "uri": "x"}, 422),
        (
            {
                "kind": "training_run",
                "system": "s",
                "run_id": "r",
                "started_at": "2026-01-02T00:00:00Z",
                "ended_at": "2026-01-01T00:00:00Z",
            },
            422,
        ),
    ]:
        resp = api.http.post(url, json={"version": "1.0.0", "lineage": [link]}, headers=owner)
        assert resp.status_code == status, (link, resp.text)
    # Nothing half-written: the version was never created.
    assert api.http.get(url, headers=owner).json()["items"] == []


def test_add_and_remove_links_before_seal(api: Api, owner: dict[str, str]) -> None:
    api.http.post(M, json=MODEL, headers=owner)
    url = f"{M}/fraud/credit-scorer/versions"
    api.http.post(url, json={"version": "1.0.0"}, headers=owner)
    added = api.http.post(
        f"{url}/1.0.0/lineage",
        json=[{"kind": "other", "uri": "doi:10/x", "relation": "described_by"}],
        headers=owner,
    ).json()
    assert added[0]["ref"] == "doi:10/x"
    link_id = added[0]["id"]
    assert api.http.delete(f"{url}/1.0.0/lineage/{link_id}", headers=owner).status_code == 204
    assert api.http.get(f"{url}/1.0.0/lineage", headers=owner).json() == []
    assert_problem(
        api.http.delete(f"{url}/1.0.0/lineage/{link_id}", headers=owner), 404, "not-found"
    )


@pytest.mark.usefixtures("chain")
def test_card_markdown_and_json_show_missing_sections(api: Api, owner: dict[str, str]) -> None:
    base = f"{M}/fraud/credit-scorer/versions/1.0.0"
    api.http.put(f"{base}/artifacts/model.bin", content=b"weights", headers=owner)
    resp = api.http.put(
        f"{base}/card/annotations",
        json={
            "intended_use": "Triage of card-not-present fraud.",
            "custom_sections": {"Monitoring": "Weekly drift review."},
        },
        headers=owner,
    )
    assert resp.status_code == 200, resp.text
    card = api.http.get(f"{base}/card", headers=owner).json()
    sections = {s["key"]: s for s in card["sections"]}
    assert sections["intended_use"]["content"] == "Triage of card-not-present fraud."
    assert sections["intended_use"]["source"] == "annotation"
    assert sections["limitations"]["content"] is None
    assert sections["limitations"]["source"] == "missing"
    assert "limitations" in card["missing_sections"]
    assert "s3://risk/q3.parquet" in sections["training_data"]["content"]  # from lineage
    assert sections["custom:Monitoring"]["content"] == "Weekly drift review."
    md = api.http.get(f"{base}/card", headers={**owner, "Accept": "text/markdown"})
    assert md.headers["content-type"].startswith("text/markdown")
    text = md.text
    assert text.startswith("---\n")
    front = yaml.safe_load(text.split("---\n")[1])
    assert front["model_name"] == "fraud/credit-scorer"
    assert front["datasets"] == ["s3://risk/q3.parquet"]
    assert front["base_model"] == ["nlp/tuned@2.0.0"]
    assert "## Limitations\n\n_Missing" in text
    assert "model.bin" in text


@pytest.mark.usefixtures("chain")
def test_annotation_edits_are_audited(
    api: Api, owner: dict[str, str], admin: dict[str, str]
) -> None:
    base = f"{M}/fraud/credit-scorer/versions/1.0.0"
    api.http.put(f"{base}/card/annotations", json={"limitations": "a"}, headers=owner)
    api.http.put(f"{base}/card/annotations", json={"intended_use": "b"}, headers=owner)
    events = api.http.get(
        "/api/v1/audit/events", params={"action": "card.annotated"}, headers=admin
    ).json()["items"]
    assert [e["details"]["sections"] for e in events] == [["limitations"], ["intended_use"]]
    assert events[1]["details"]["removed"] == ["limitations"]
    assert api.http.get(f"{base}/card/annotations", headers=owner).json()["limitations"] is None
