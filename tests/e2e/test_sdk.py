"""The SDK against a real server: every route group, paging, streaming and problem errors."""

from __future__ import annotations

import hashlib
import io
import socket
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from modelreg.client import ApiError, Client, Pager
from modelreg.domain.access import Role
from modelreg.domain.errors import IntegrityFailure, InvalidInput, Unavailable
from modelreg.schemas.cards import CardAnnotations
from modelreg.schemas.lineage import BaseModelLink, CodeLink, DatasetLink
from modelreg.schemas.models import ModelCreate, ModelRead, ModelUpdate, RiskTier
from modelreg.schemas.users import TokenCreate, UserCreate
from modelreg.schemas.versions import VersionCreate, VersionUpdate

if TYPE_CHECKING:
    from conftest import Server

pytestmark = pytest.mark.e2e

COMMIT = "9fceb02d0ae598e95dc970b74767f19372d61af8"
DATASET = "s3://e2e-data/transactions-q3.parquet"


@pytest.fixture
def client(server: Server) -> Iterator[Client]:
    """An admin client of the session server."""
    with Client(server.url, server.token) as admin:
        yield admin


def unique(prefix: str) -> str:
    """A model name no other test uses."""
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


def user_client(client: Client, server: Server, role: Role) -> Client:
    """A client acting as a new user with one role."""
    username = unique(role.value.replace("_", "-"))
    client.users.create(UserCreate(username=username, roles=[role]))
    issued = client.tokens.issue(username, TokenCreate(expires_in_days=1, label="e2e"))
    return Client(server.url, issued.token)


class Chunks(io.RawIOBase):
    """A non-seekable stream, so the SDK must upload without a Content-Length."""

    def __init__(self, data: bytes) -> None:
        self._data = io.BytesIO(data)

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        return self._data.readinto(buffer)


def test_health_me_and_env_defaults(
    client: Client, server: Server, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert client.healthz()["status"] == "ok"
    ready = client.readyz()
    # `degraded` until the server's scan worker has sent its first heartbeat.
    assert ready["status"] in ("ready", "degraded")
    assert (ready["checks"]["database"], ready["checks"]["blob_store"]) == ("ok", "ok")
    assert ready["checks"]["queue"]["queued"] >= 0
    assert client.me().username == "admin"
    monkeypatch.setenv("MODELREG_URL", server.url)
    monkeypatch.setenv("MODELREG_TOKEN", server.token)
    with Client() as from_env:
        assert from_env.me().roles == [Role.ADMIN]


def test_users_and_tokens(client: Client, server: Server) -> None:
    username = unique("owner")
    body = UserCreate(username=username, roles=[Role.MODEL_OWNER])
    created = client.users.create(body, idempotency_key=f"user-{username}")
    assert client.users.create(body, idempotency_key=f"user-{username}").id == created.id
    assert client.users.get(username) == created
    assert username in {u.username for u in client.users.list()}

    issued = client.tokens.issue(username, TokenCreate(expires_in_days=2, label="ci"))
    with Client(server.url, issued.token) as owner:
        assert owner.me().username == username
        assert [t.id for t in owner.tokens.list(username)] == [issued.id]
        revoked = owner.tokens.revoke(issued.id)
        assert revoked.revoked_at is not None
        with pytest.raises(ApiError) as caught:
            owner.me()
    assert caught.value.status == 401


def test_models_versions_and_artifacts(client: Client, tmp_path: Path) -> None:
    name = unique("scorer")
    ref = f"sdk/{name}@1.0.0"
    body = ModelCreate(
        group="sdk",
        name=name,
        risk_tier=RiskTier.LOW,
        description="Scores card fraud",
        tags={"team": "risk-ml"},
        framework="xgboost",
    )
    model = client.models.create(body, idempotency_key=f"model-{name}")
    assert client.models.create(body, idempotency_key=f"model-{name}") == model
    assert client.models.get(f"sdk/{name}") == model
    updated = client.models.update(f"sdk/{name}", ModelUpdate(description="Scores fraud v2"))
    assert (updated.description, updated.tags) == ("Scores fraud v2", {"team": "risk-ml"})
    hits = client.models.search(
        "fraud",
        group="sdk",
        risk_tier="low",
        owner="admin",
        tags={"team": "risk-ml"},
        framework="xgboost",
        sort="-created_at",
    )
    assert name in [m.name for m in hits]
    assert not list(client.models.search(group="sdk", tags=["team=nobody"]))

    version = client.versions.create(
        f"sdk/{name}",
        VersionCreate(
            version="1.0.0",
            tags={"data": "q3"},
            lineage=[
                CodeLink(repository="https://git.example.com/risk/scorer", commit=COMMIT),
            ],
        ),
        idempotency_key=f"version-{name}",
    )
    assert (version.version, version.sealed, version.artifact_count) == ("1.0.0", False, 0)
    client.versions.create(f"sdk/{name}", VersionCreate(version="1.1.0-rc.1"))
    listed = [v.version for v in client.versions.list(f"sdk/{name}")]
    assert listed == ["1.1.0-rc.1", "1.0.0"]
    assert [v.version for v in client.versions.list(f"sdk/{name}", prerelease=False)] == ["1.0.0"]
    assert [v.version for v in client.versions.list(f"sdk/{name}", tags={"data": "q3"})] == [
        "1.0.0"
    ]
    across = client.versions.search(tags={"data": "q3"}, stage="draft", page_size=500)
    assert f"sdk/{name}" in {v.model for v in across}
    client.versions.update(ref, VersionUpdate(description="first cut", metadata={"auc": 0.91}))

    weights = tmp_path / "weights.bin"
    weights.write_bytes(bytes(range(256)) * 12_000)  # ~3 MiB: several upload chunks
    digest = hashlib.sha256(weights.read_bytes()).hexdigest()
    sent: list[int] = []
    uploaded = client.artifacts.upload(
        ref, "weights/model.bin", weights, sha256=digest, progress=sent.append
    )
    assert (uploaded.sha256, uploaded.size, sum(sent)) == (
        digest,
        weights.stat().st_size,
        weights.stat().st_size,
    )
    client.artifacts.upload(
        ref, "config.json", io.BytesIO(b'{"depth": 6}'), media_type="application/json"
    )
    client.artifacts.upload(ref, "notes/readme.txt", io.BufferedReader(Chunks(b"chunked " * 999)))
    with pytest.raises(ApiError) as mismatch:
        client.artifacts.upload(ref, "bad.bin", io.BytesIO(b"x"), sha256="0" * 64)
    assert mismatch.value.status == 422
    assert [a.path for a in client.artifacts.list(ref)] == [
        "config.json",
        "notes/readme.txt",
        "weights/model.bin",
    ]

    target = tmp_path / "out" / "model.bin"
    assert client.artifacts.download(ref, "weights/model.bin", target) == digest
    assert target.read_bytes() == weights.read_bytes()
    with pytest.raises(IntegrityFailure):
        client.artifacts.download(ref, "config.json", tmp_path / "c.json", expected_sha256=digest)
    assert not list(tmp_path.glob("*c.json*")), "no file and no temp file stays behind"
    assert client.artifacts.read(ref, "weights/model.bin", start=256, end=511) == bytes(range(256))
    assert client.artifacts.read(ref, "config.json") == b'{"depth": 6}'
    assert client.artifacts.read(ref, "config.json", start=10) == b"6}"
    head = client.artifacts.head(ref, "config.json")
    assert (head.size, head.media_type) == (12, "application/json")
    assert client.artifacts.exists(ref, "config.json")
    assert not client.artifacts.exists(ref, "missing.bin")

    sealed = client.versions.seal(ref)
    assert sealed.sealed and sealed.artifact_count == 3
    assert client.versions.get(f"sdk/{name}@latest").digest == sealed.digest
    with pytest.raises(ApiError) as conflict:
        client.artifacts.upload(ref, "late.bin", io.BytesIO(b"too late"))
    assert conflict.value.status == 409
    assert conflict.value.type.startswith("https://modelreg.dev/problems/")
    assert not client.artifacts.exists(ref, "late.bin")


def test_lineage_graph_and_usages(client: Client) -> None:
    base, child = unique("encoder"), unique("classifier")
    for name in (base, child):
        client.models.create(ModelCreate(group="sdk", name=name, risk_tier=RiskTier.LOW))
    client.versions.create(f"sdk/{base}", VersionCreate(version="2.1.0"))
    client.versions.seal(f"sdk/{base}@2.1.0")
    ref = f"sdk/{child}@0.1.0"
    client.versions.create(
        f"sdk/{child}",
        VersionCreate(
            version="0.1.0",
            lineage=[
                BaseModelLink(ref=f"sdk/{base}@2.1.0"),
            ],
        ),
    )
    added = client.lineage.add(
        ref,
        [
            DatasetLink(uri=DATASET, digest="sha256:abc"),
            CodeLink(repository="https://git.example.com/x", commit=COMMIT),
        ],
    )
    assert [link.kind for link in added] == ["dataset", "code"]
    client.lineage.remove(ref, added[1].id)
    links = client.lineage.list(ref)
    assert sorted(link.kind for link in links) == ["base_model", "dataset"]
    assert {link.upstream for link in links} == {f"sdk/{base}@2.1.0", None}

    graph = client.lineage.graph(ref)
    ids = {node.id for node in graph.nodes}
    assert {f"version:{ref}", f"version:sdk/{base}@2.1.0"} <= ids
    assert not graph.truncated
    assert client.lineage.graph(ref, depth=1).root == graph.root

    users = client.lineage.usages("dataset", DATASET)
    assert [(u.model, u.version) for u in users] == [(f"sdk/{child}", "0.1.0")]
    downstream = client.lineage.usages("base_model", f"sdk/{base}@2.1.0")
    assert [u.model for u in downstream] == [f"sdk/{child}"]


def test_cards_and_annotations(client: Client) -> None:
    name = unique("card")
    ref = f"sdk/{name}@1.0.0"
    client.models.create(ModelCreate(group="sdk", name=name, risk_tier=RiskTier.LOW))
    client.versions.create(f"sdk/{name}", VersionCreate(version="1.0.0"))
    notes = CardAnnotations(
        intended_use="Ranking alerts for review.",
        custom_sections={"Monitoring": "Weekly drift review."},
    )
    assert client.cards.set_annotations(ref, notes) == notes
    assert client.cards.annotations(ref) == notes
    card = client.cards.get(ref)
    assert (card.model, card.version) == (f"sdk/{name}", "1.0.0")
    assert "intended_use" not in card.missing_sections
    markdown = client.cards.markdown(ref)
    assert markdown.startswith("---\n")
    assert "Ranking alerts for review." in markdown


def test_pager_follows_cursors_lazily(client: Client) -> None:
    group = f"pager-{uuid.uuid4().hex[:6]}"
    names = sorted(f"m{i}" for i in range(7))
    for name in names:
        client.models.create(ModelCreate(group=group, name=name, risk_tier=RiskTier.LOW))
    pager: Pager[ModelRead] = client.models.search(group=group, page_size=3)
    pages = list(pager.pages())
    assert [len(page.items) for page in pages] == [3, 3, 1]
    assert [m.name for m in pager] == names
    first = pager.first_page()
    assert first.next_cursor is not None
    resumed = client.models.search(group=group, page_size=3, cursor=first.next_cursor)
    assert [m.name for m in resumed] == names[3:]
    assert [m.name for m in client.models.search(group=group, sort="-name")] == names[::-1]


def test_search_documents_are_the_json_of_search(client: Client) -> None:
    group = f"docs-{uuid.uuid4().hex[:6]}"
    for i in range(5):
        client.models.create(
            ModelCreate(group=group, name=f"m{i}", risk_tier=RiskTier.HIGH, tags={"i": str(i)})
        )
    typed = [m.model_dump(mode="json") for m in client.models.search(group=group, page_size=2)]
    found = client.models.search_documents(group=group, page_size=2)
    assert list(found) == typed
    assert len(typed) == 5
    some = client.models.search_documents(group=group, tags={"i": "3"}, risk_tier="high")
    assert [m["name"] for m in some] == ["m3"]


def test_problem_errors(client: Client, server: Server, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("MODELREG_TOKEN", raising=False)
    with Client(server.url) as anonymous, pytest.raises(ApiError) as unauthenticated:
        anonymous.me()
    with user_client(client, server, Role.AUDITOR) as auditor, pytest.raises(ApiError) as denied:
        auditor.models.create(ModelCreate(group="sdk", name="forbidden", risk_tier=RiskTier.LOW))
    with pytest.raises(ApiError) as missing:
        client.models.get("sdk/does-not-exist")
    name = unique("invalid")
    client.models.create(ModelCreate(group="sdk", name=name, risk_tier=RiskTier.LOW))
    with pytest.raises(ApiError) as invalid:
        client.versions.create(f"sdk/{name}", VersionCreate(version="1.0"))
    for caught, status, code in [
        (unauthenticated, 401, "unauthenticated"),
        (denied, 403, "forbidden"),
        (missing, 404, "not-found"),
        (invalid, 422, "invalid-input"),
    ]:
        error = caught.value
        assert (error.status, error.code) == (status, code)
        assert error.type == f"https://modelreg.dev/problems/{code}"
        assert error.title and error.detail and error.request_id
    assert invalid.value.errors, "a 422 names the invalid fields"
    with pytest.raises(InvalidInput):
        client.versions.get("sdk/no-version")  # refused before any request is sent


def test_unreachable_server_raises_unavailable() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))  # bound but not listening: connections are refused
        url = f"http://127.0.0.1:{sock.getsockname()[1]}"
        with Client(url, "token") as nowhere, pytest.raises(Unavailable):
            nowhere.healthz()


def test_audit_events_and_verify(client: Client) -> None:
    name = unique("audited")
    client.models.create(ModelCreate(group="sdk", name=name, risk_tier=RiskTier.LOW))
    client.versions.create(f"sdk/{name}", VersionCreate(version="0.0.1"))
    events = list(client.audit.events(subject=f"model:sdk/{name}", page_size=1))
    assert [e.action for e in events] == ["model.created"]
    everything = list(client.audit.events(page_size=2))
    assert [e.seq for e in everything] == sorted(e.seq for e in everything)
    created = list(client.audit.events(action="version.created", actor=client.me().id))
    assert created and all(e.action == "version.created" for e in created)
    verdict = client.audit.verify()
    assert verdict.ok and verdict.first_broken_seq is None
    assert verdict.checked == verdict.head_seq >= len(everything)
