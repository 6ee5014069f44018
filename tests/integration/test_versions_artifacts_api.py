"""Versions and artifacts over HTTP: SemVer rules, sealing, streaming upload/download, bad paths."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest
from api_support import MODEL, Api, assert_problem

from modelreg.domain.manifest import ManifestEntry, manifest_digest

V = "/api/v1/models/fraud/credit-scorer/versions"


@pytest.fixture
def model(api: Api, owner: dict[str, str]) -> None:
    assert api.http.post("/api/v1/models", json=MODEL, headers=owner).status_code == 201


def put(
    api: Api,
    headers: dict[str, str],
    version: str,
    path: str,
    data: bytes,
    extra: dict[str, str] | None = None,
):  # type: ignore[no-untyped-def]
    return api.http.put(
        f"{V}/{version}/artifacts/{path}", content=data, headers={**headers, **(extra or {})}
    )


@pytest.mark.usefixtures("model")
def test_versions_in_semver_order_and_latest(api: Api, owner: dict[str, str]) -> None:
    for v in [
        "1.0.0",
        "1.10.0",
        "1.2.0",
        "2.0.0-rc.1",
        "2.0.0-alpha",
        "1.0.0-beta.11",
        "1.0.0-beta.2",
    ]:
        assert api.http.post(V, json={"version": v}, headers=owner).status_code == 201
    listed = [
        x["version"]
        for x in api.http.get(V, params={"sort": "version"}, headers=owner).json()["items"]
    ]
    assert listed == [
        "1.0.0-beta.2",
        "1.0.0-beta.11",
        "1.0.0",
        "1.2.0",
        "1.10.0",
        "2.0.0-alpha",
        "2.0.0-rc.1",
    ]
    assert api.http.get(f"{V}/latest", headers=owner).json()["version"] == "1.10.0"
    model = api.http.get("/api/v1/models/fraud/credit-scorer", headers=owner).json()
    assert model["latest_version"] == "1.10.0"
    releases = api.http.get(V, params={"prerelease": "false"}, headers=owner).json()["items"]
    assert [x["version"] for x in releases] == ["1.10.0", "1.2.0", "1.0.0"]
    page1 = api.http.get(V, params={"limit": 4}, headers=owner).json()
    page2 = api.http.get(
        V, params={"limit": 4, "cursor": page1["next_cursor"]}, headers=owner
    ).json()
    assert [x["version"] for x in page1["items"] + page2["items"]] == list(reversed(listed))


@pytest.mark.usefixtures("model")
def test_bad_versions_are_422_saying_what_is_expected(api: Api, owner: dict[str, str]) -> None:
    for bad in ["1.2", "v1.2.3", "01.2.3", "1.2.3-", "1.2.3-01", "latest"]:
        body = assert_problem(
            api.http.post(V, json={"version": bad}, headers=owner), 422, "invalid-input"
        )
        assert "MAJOR.MINOR.PATCH" in body["detail"]
    assert api.http.post(V, json={"version": "1.0.0"}, headers=owner).status_code == 201
    assert_problem(
        api.http.post(V, json={"version": "1.0.0"}, headers=owner), 409, "already-exists"
    )
    assert_problem(api.http.get(f"{V}/1.2", headers=owner), 422, "invalid-input")
    assert_problem(api.http.get(f"{V}/9.9.9", headers=owner), 404, "not-found")


@pytest.mark.usefixtures("model")
def test_upload_download_manifest_and_digest(api: Api, owner: dict[str, str]) -> None:
    api.http.post(V, json={"version": "1.0.0", "metadata": {"auc": 0.9}}, headers=owner)
    files = {"weights/model.bin": os.urandom(200_000), "config.json": b'{"a": 1}', "empty": b""}
    for path, data in files.items():
        resp = put(
            api, owner, "1.0.0", path, data, {"X-Content-SHA256": hashlib.sha256(data).hexdigest()}
        )
        assert resp.status_code == 201, resp.text
        assert resp.json()["size"] == len(data)
    version = api.http.get(f"{V}/1.0.0", headers=owner).json()
    expected = [ManifestEntry(p, len(d), hashlib.sha256(d).hexdigest()) for p, d in files.items()]
    assert version["digest"] == manifest_digest(expected)
    assert [m["path"] for m in version["manifest"]] == ["config.json", "empty", "weights/model.bin"]
    assert version["artifact_count"] == 3 and version["total_size"] == 200_008
    listed = api.http.get(f"{V}/1.0.0/artifacts", headers=owner).json()
    assert [a["path"] for a in listed] == ["config.json", "empty", "weights/model.bin"]
    for path, data in files.items():
        resp = api.http.get(f"{V}/1.0.0/artifacts/{path}", headers=owner)
        assert resp.status_code == 200 and resp.content == data
        assert resp.headers["x-content-sha256"] == hashlib.sha256(data).hexdigest()
    head = api.http.head(f"{V}/1.0.0/artifacts/weights/model.bin", headers=owner)
    assert head.status_code == 200 and head.headers["content-length"] == "200000"


@pytest.mark.usefixtures("model")
def test_range_requests(api: Api, owner: dict[str, str]) -> None:
    api.http.post(V, json={"version": "1.0.0"}, headers=owner)
    data = os.urandom(300_000)
    put(api, owner, "1.0.0", "w.bin", data)
    url = f"{V}/1.0.0/artifacts/w.bin"
    for header, (start, end) in {
        "bytes=0-9": (0, 9),
        "bytes=65530-65545": (65530, 65545),
        "bytes=299990-": (299990, 299999),
        "bytes=-5": (299995, 299999),
        "bytes=100-999999": (100, 299999),
    }.items():
        resp = api.http.get(url, headers={**owner, "Range": header})
        assert resp.status_code == 206, header
        assert resp.content == data[start : end + 1]
        assert resp.headers["content-range"] == f"bytes {start}-{end}/300000"
    assert_problem(
        api.http.get(url, headers={**owner, "Range": "bytes=300000-"}), 416, "range-not-satisfiable"
    )


@pytest.mark.usefixtures("model")
def test_digest_mismatch_stores_nothing(api: Api, owner: dict[str, str], settings) -> None:  # type: ignore[no-untyped-def]
    api.http.post(V, json={"version": "1.0.0"}, headers=owner)
    resp = put(api, owner, "1.0.0", "a.bin", b"hello", {"X-Content-SHA256": "0" * 64})
    assert_problem(resp, 422, "digest-mismatch")
    assert api.http.get(f"{V}/1.0.0/artifacts", headers=owner).json() == []
    blob_files = [p for p in Path(settings.blob_root).rglob("*") if p.is_file()]
    assert blob_files == []


@pytest.mark.usefixtures("model")
def test_bad_artifact_paths_are_422_and_write_nothing(api: Api, owner: dict[str, str]) -> None:
    api.http.post(V, json={"version": "1.0.0"}, headers=owner)
    # Dots are percent-encoded so that the HTTP client does not normalise them away.
    for bad in [
        "a//b",
        "a/%2E/b",
        "a/%2E%2E/%2E%2E/b",
        "%2Fetc%2Fpasswd",
        "a%5Cb",
        "a%00b",
        "dir/",
    ]:
        resp = put(api, owner, "1.0.0", bad, b"x")
        assert resp.status_code in (404, 422), (bad, resp.status_code)
        if resp.status_code == 422:
            assert_problem(resp, 422, "invalid-input")
    assert api.http.get(f"{V}/1.0.0/artifacts", headers=owner).json() == []


@pytest.mark.usefixtures("model")
def test_too_large_is_413_and_multipart_is_415(api: Api, owner: dict[str, str], registry) -> None:  # type: ignore[no-untyped-def]
    api.http.post(V, json={"version": "1.0.0"}, headers=owner)
    registry.artifacts.max_bytes = 1000
    body = assert_problem(
        put(api, owner, "1.0.0", "big.bin", b"x" * 1001), 413, "payload-too-large"
    )
    assert "1000" in body["detail"]
    registry.artifacts.max_bytes = 10**9
    resp = put(api, owner, "1.0.0", "f.bin", b"--x--", {"Content-Type": "multipart/form-data; b=x"})
    assert_problem(resp, 415, "unsupported-media-type")
    assert api.http.get(f"{V}/1.0.0/artifacts", headers=owner).json() == []


@pytest.mark.usefixtures("model")
def test_seal_freezes_artifacts_lineage_and_annotations(api: Api, owner: dict[str, str]) -> None:
    api.http.post(V, json={"version": "1.0.0"}, headers=owner)
    put(api, owner, "1.0.0", "a.bin", b"abc")
    sealed = api.http.post(f"{V}/1.0.0/seal", headers=owner).json()
    assert sealed["sealed"] is True and sealed["sealed_at"]
    assert_problem(put(api, owner, "1.0.0", "b.bin", b"x"), 409, "wrong-state")
    assert_problem(put(api, owner, "1.0.0", "a.bin", b"changed"), 409, "wrong-state")
    assert_problem(
        api.http.post(
            f"{V}/1.0.0/lineage", json=[{"kind": "other", "uri": "x://y"}], headers=owner
        ),
        409,
        "wrong-state",
    )
    assert_problem(
        api.http.put(f"{V}/1.0.0/card/annotations", json={"limitations": "x"}, headers=owner),
        409,
        "wrong-state",
    )
    assert_problem(api.http.post(f"{V}/1.0.0/seal", headers=owner), 409, "wrong-state")
    # Tags and description stay editable: they are not part of the digest.
    resp = api.http.patch(f"{V}/1.0.0", json={"tags": {"reviewed": "yes"}}, headers=owner)
    assert resp.status_code == 200 and resp.json()["digest"] == sealed["digest"]


@pytest.mark.usefixtures("model")
def test_identical_content_is_stored_once(api: Api, owner: dict[str, str], settings) -> None:  # type: ignore[no-untyped-def]
    api.http.post(V, json={"version": "1.0.0"}, headers=owner)
    api.http.post(V, json={"version": "1.1.0"}, headers=owner)
    data = os.urandom(10_000)
    put(api, owner, "1.0.0", "a.bin", data)
    put(api, owner, "1.1.0", "copy/a.bin", data)
    files = [p for p in (Path(settings.blob_root) / "blobs").rglob("*") if p.is_file()]
    blobs = [p for p in files if p.suffix != ".key"]  # each envelope has one key record
    assert (len(blobs), len(files)) == (1, 2)
    assert data not in blobs[0].read_bytes()  # encrypted at rest


@pytest.mark.usefixtures("model")
def test_version_tag_filter_across_models(api: Api, owner: dict[str, str]) -> None:
    api.http.post("/api/v1/models", json={**MODEL, "name": "other"}, headers=owner)
    api.http.post(V, json={"version": "1.0.0", "tags": {"dataset": "q3"}}, headers=owner)
    api.http.post(
        "/api/v1/models/fraud/other/versions",
        json={"version": "0.1.0", "tags": {"dataset": "q3"}},
        headers=owner,
    )
    api.http.post(V, json={"version": "1.1.0", "tags": {"dataset": "q4"}}, headers=owner)
    found = api.http.get("/api/v1/versions", params={"tag": "dataset=q3"}, headers=owner).json()
    assert sorted((x["model"], x["version"]) for x in found["items"]) == [
        ("fraud/credit-scorer", "1.0.0"),
        ("fraud/other", "0.1.0"),
    ]
    drafts = api.http.get("/api/v1/models", params={"stage": "draft"}, headers=owner).json()
    assert [x["full_name"] for x in drafts["items"]] == ["fraud/credit-scorer", "fraud/other"]
    staged = api.http.get("/api/v1/models", params={"stage": "production"}, headers=owner).json()
    assert staged["items"] == []
    by_text = api.http.get("/api/v1/versions", params={"q": "other"}, headers=owner).json()
    assert [x["model"] for x in by_text["items"]] == ["fraud/other"]


@pytest.mark.usefixtures("model")
def test_other_owner_cannot_upload(api: Api, owner: dict[str, str]) -> None:
    from modelreg.domain.access import Role

    api.http.post(V, json={"version": "1.0.0"}, headers=owner)
    mallory = api.user("mallory", Role.MODEL_OWNER)
    assert_problem(put(api, mallory, "1.0.0", "a.bin", b"x"), 403, "forbidden")
    sre = api.user("sam", Role.SRE)
    assert_problem(put(api, sre, "1.0.0", "a.bin", b"x"), 403, "forbidden")
    assert api.http.get(f"{V}/1.0.0/artifacts", headers=sre).status_code == 200
