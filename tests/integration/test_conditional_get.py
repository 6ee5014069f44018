"""ETag and If-None-Match on single documents: 304 while unchanged, 200 once anything moves."""

from __future__ import annotations

from api_support import MODEL, Api

from modelreg.domain.access import Role

MODEL_URL = "/api/v1/models/fraud/credit-scorer"
VERSION_URL = MODEL_URL + "/versions/1.0.0"


def _register(api: Api, headers: dict[str, str]) -> None:
    assert api.http.post("/api/v1/models", json=MODEL, headers=headers).status_code == 201
    created = api.http.post(MODEL_URL + "/versions", json={"version": "1.0.0"}, headers=headers)
    assert created.status_code == 201, created.text


def test_an_unchanged_model_answers_304_without_a_body(api: Api, owner: dict[str, str]) -> None:
    _register(api, owner)
    first = api.http.get(MODEL_URL, headers=owner)
    etag = first.headers["etag"]
    assert first.status_code == 200 and first.headers["cache-control"] == "private, no-cache"
    again = api.http.get(MODEL_URL, headers={**owner, "If-None-Match": etag})
    assert again.status_code == 304 and again.content == b"" and again.headers["etag"] == etag
    # Weak comparison, lists and "*" (RFC 9110 13.1.2).
    for header in (f"W/{etag}", f'"other", {etag}', "*"):
        assert (
            api.http.get(MODEL_URL, headers={**owner, "If-None-Match": header}).status_code == 304
        )
    stale = api.http.get(MODEL_URL, headers={**owner, "If-None-Match": '"not-it"'})
    assert stale.status_code == 200 and stale.json() == first.json()


def test_any_change_to_the_document_gives_a_new_etag(api: Api, owner: dict[str, str]) -> None:
    _register(api, owner)
    etag = api.http.get(MODEL_URL, headers=owner).headers["etag"]
    api.user("bob", Role.MODEL_OWNER)
    patched = api.http.patch(MODEL_URL, json={"owners": ["alice", "bob"]}, headers=owner)
    assert patched.status_code == 200, patched.text
    after = api.http.get(MODEL_URL, headers={**owner, "If-None-Match": etag})
    assert after.status_code == 200 and after.json()["owners"] == ["alice", "bob"]
    assert after.headers["etag"] != etag


def test_versions_carry_etags_too(api: Api, owner: dict[str, str]) -> None:
    _register(api, owner)
    first = api.http.get(VERSION_URL, headers=owner)
    etag = first.headers["etag"]
    assert api.http.get(VERSION_URL, headers={**owner, "If-None-Match": etag}).status_code == 304
    tagged = api.http.patch(VERSION_URL, json={"tags": {"reviewed": "yes"}}, headers=owner)
    assert tagged.status_code == 200, tagged.text
    after = api.http.get(VERSION_URL, headers={**owner, "If-None-Match": etag})
    assert after.status_code == 200 and after.json()["tags"] == {"reviewed": "yes"}


def test_errors_are_never_304(api: Api, owner: dict[str, str]) -> None:
    missing = api.http.get("/api/v1/models/fraud/nope", headers={**owner, "If-None-Match": "*"})
    assert missing.status_code == 404
    assert api.http.get(MODEL_URL, headers={"If-None-Match": "*"}).status_code == 401
