"""Catalog commands through the SDK: models, versions, lineage and model cards.

They cover a model owner's workflow before governance: register a model with owners and
license, create versions with lineage and metadata, add lineage links, annotate the card.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from modelreg.cli.remote import RISK_TIERS, _dump, _echo_json, _remote, _reports_errors, _table
from modelreg.client import Client, UnexpectedAnswer
from modelreg.domain.names import ModelName, VersionRef

# pydantic, the schemas and PyYAML (through domain/cards) are imported by the commands that
# use them; `models list` prints the server's JSON and needs none of them.
if TYPE_CHECKING:
    from pydantic import BaseModel, TypeAdapter

    from modelreg.schemas.lineage import LineageLinkCreate, LineageLinkRead
    from modelreg.schemas.risk_tiers import RiskTierChangeRead

T = TypeVar("T")
TAG = click.option(
    "--tag", "tags", multiple=True, metavar="KEY=VALUE", help="A tag of the model; repeatable."
)
LINK_KINDS = click.Choice(["dataset", "code", "training_run", "base_model", "other"])


def _parse_tags(tags: Sequence[str]) -> dict[str, str]:
    """`key=value` options as a mapping; a missing `=` is a usage error naming the option."""
    parsed: dict[str, str] = {}
    for tag in tags:
        key, sep, value = tag.partition("=")
        if not sep or not key:
            raise click.BadParameter(f"{tag!r} is not KEY=VALUE", param_hint="--tag")
        parsed[key] = value
    return parsed


def _read_document(file: Path, option: str) -> Any:
    """A JSON or YAML file (chosen by suffix; YAML otherwise, which also reads JSON)."""
    import yaml

    text = file.read_text(encoding="utf-8")
    try:
        return json.loads(text) if file.suffix == ".json" else yaml.safe_load(text)
    except (ValueError, yaml.YAMLError) as exc:
        raise click.BadParameter(
            f"{file} is not valid JSON or YAML: {exc}", param_hint=option
        ) from None


def _validated(adapter: TypeAdapter[T], data: Any, option: str) -> T:
    """Validate local input, reporting each wrong field as a usage error (not a server one)."""
    from pydantic import ValidationError

    try:
        return adapter.validate_python(data)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in err['loc']) or '(document)'}: {err['msg']}"
            for err in exc.errors()
        )
        raise click.BadParameter(problems, param_hint=option) from None


def _built(model: type[BaseModel], option: str, **fields: Any) -> Any:
    """A request document from options; a wrong value is a usage error naming it."""
    from pydantic import TypeAdapter

    return _validated(TypeAdapter(model), fields, option)


def _links_adapter() -> TypeAdapter[list[LineageLinkCreate]]:
    from pydantic import TypeAdapter

    from modelreg.schemas.lineage import LineageLinkCreate

    return TypeAdapter(list[LineageLinkCreate])


def _echo_model_line(action: str, model: Any) -> None:
    click.echo(
        f"{action} model {model.full_name} (risk tier {model.risk_tier.value}; owners "
        f"{', '.join(model.owners)}; license {model.license or '-'})"
    )


@click.group()
def models() -> None:
    """Register, change and browse models."""


@models.command("list")
@click.option("-q", "--q", "q", default=None, help="Words to search for.")
@click.option("--group", default=None, help="Only this group.")
@click.option("--risk-tier", type=RISK_TIERS, default=None, help="Only this risk tier.")
@click.option("--tag", "tags", multiple=True, metavar="KEY=VALUE", help="Required tag; repeatable.")
@click.option("--limit", type=click.IntRange(min=1), default=50, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@_remote
@_reports_errors
def models_list(
    q: str | None,
    group: str | None,
    risk_tier: str | None,
    tags: tuple[str, ...],
    limit: int,
    as_json: bool,
    url: str,
    token: str | None,
) -> None:
    """Search models."""
    with Client(url, token) as client:
        found = client.models.search_documents(
            q, group=group, risk_tier=risk_tier, tags=tags, page_size=min(limit, 500)
        )
        listed = list(itertools.islice(found, limit))
    if as_json:
        _echo_json(listed)
        return
    if not listed:
        click.echo("no models match", err=True)
        return
    _table(["MODEL", "RISK", "LATEST", "OWNERS", "DESCRIPTION"], [_model_row(m) for m in listed])


def _model_row(model: dict[str, Any]) -> list[str]:
    """The `models list` columns of one model as the server sent it (a ModelRead document)."""
    try:
        description = str(model["description"] or "")
        return [
            str(model["full_name"]),
            str(model["risk_tier"]),
            str(model["latest_version"] or "-"),
            ",".join(str(owner) for owner in model["owners"]),
            description.splitlines()[0][:60] if description else "",
        ]
    except (KeyError, TypeError) as exc:
        raise UnexpectedAnswer(f"a listed model is not a ModelRead document ({exc!r})") from None


@models.command("show")
@click.argument("model", metavar="GROUP/NAME")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@_remote
@_reports_errors
def models_show(model: str, as_json: bool, url: str, token: str | None) -> None:
    """Show a model and its versions."""
    name = ModelName.parse(model)
    with Client(url, token) as client:
        found = client.models.get(name)
        versions = list(client.versions.list(name, page_size=500))
    if as_json:
        _echo_json({"model": _dump(found), "versions": [_dump(v) for v in versions]})
        return
    tags = ", ".join(f"{k}={v}" for k, v in found.tags.items()) or "-"
    for label, value in [
        ("model", found.full_name),
        ("risk tier", found.risk_tier.value),
        ("owners", ", ".join(found.owners)),
        ("latest", found.latest_version or "-"),
        ("task", found.task or "-"),
        ("framework", found.framework or "-"),
        ("license", found.license or "-"),
        ("tags", tags),
        ("description", found.description or "-"),
    ]:
        click.echo(f"{label + ':':13} {value}")
    click.echo("")
    if not versions:
        click.echo("no versions yet")
        return
    _table(
        ["VERSION", "STAGE", "SEALED", "CREATED", "DIGEST"],
        [
            [
                v.version,
                v.stage.value,
                "yes" if v.sealed else "no",
                v.created_at.isoformat(timespec="seconds"),
                v.digest[:16],
            ]
            for v in versions
        ],
    )


@models.command("create")
@click.argument("model", metavar="GROUP/NAME")
@click.option("--risk-tier", type=RISK_TIERS, required=True, help="Risk tier of the model.")
@click.option("--owner", "owners", multiple=True, help="Owner username; repeatable (default: you).")
@click.option("--license", "license_", default=None, help="SPDX license expression.")
@click.option("--description", default="", help="What the model does.")
@click.option("--task", default=None, help="e.g. tabular-classification.")
@click.option("--framework", default=None, help="e.g. xgboost.")
@TAG
@click.option("--idempotency-key", default=None, help="Makes a retried request safe.")
@_remote
@_reports_errors
def models_create(
    model: str,
    risk_tier: str,
    owners: tuple[str, ...],
    license_: str | None,
    description: str,
    task: str | None,
    framework: str | None,
    tags: tuple[str, ...],
    idempotency_key: str | None,
    url: str,
    token: str | None,
) -> None:
    """Register model GROUP/NAME with its risk tier, owners, license and tags."""
    from modelreg.schemas.models import ModelCreate

    name = ModelName.parse(model)
    body: ModelCreate = _built(
        ModelCreate,
        "options",
        group=name.group,
        name=name.name,
        risk_tier=risk_tier,
        owners=list(owners) or None,
        license=license_,
        description=description,
        task=task,
        framework=framework,
        tags=_parse_tags(tags),
    )
    with Client(url, token) as client:
        created = client.models.create(body, idempotency_key=idempotency_key)
    _echo_model_line("registered", created)


@models.command("update")
@click.argument("model", metavar="GROUP/NAME")
@click.option("--risk-tier", type=RISK_TIERS, default=None, help="New risk tier.")
@click.option("--owner", "owners", multiple=True, help="Replaces the owners; repeatable.")
@click.option("--license", "license_", default=None, help="SPDX license expression.")
@click.option("--description", default=None, help="What the model does.")
@click.option("--task", default=None, help="e.g. tabular-classification.")
@click.option("--framework", default=None, help="e.g. xgboost.")
@click.option("--tag", "tags", multiple=True, metavar="KEY=VALUE", help="Replaces all tags.")
@_remote
@_reports_errors
def models_update(
    model: str,
    risk_tier: str | None,
    owners: tuple[str, ...],
    license_: str | None,
    description: str | None,
    task: str | None,
    framework: str | None,
    tags: tuple[str, ...],
    url: str,
    token: str | None,
) -> None:
    """Change the given fields of model GROUP/NAME; the others stay as they are."""
    from modelreg.schemas.models import ModelUpdate

    given: dict[str, Any] = {
        "risk_tier": risk_tier,
        "license": license_,
        "description": description,
        "task": task,
        "framework": framework,
    }
    fields = {key: value for key, value in given.items() if value is not None}
    if owners:
        fields["owners"] = list(owners)
    if tags:
        fields["tags"] = _parse_tags(tags)
    if not fields:
        raise click.UsageError("give at least one field to change, e.g. --owner or --license")
    body: ModelUpdate = _built(ModelUpdate, "options", **fields)
    with Client(url, token) as client:
        updated = client.models.update(ModelName.parse(model), body)
    _echo_model_line("updated", updated)


def _echo_tier_change(change: RiskTierChangeRead) -> None:
    if change.state.value == "pending":
        click.echo(
            f"{change.model}: lowering {change.from_tier.value} -> {change.to_tier.value} awaits "
            f"MRC approval (change {change.id}); {change.from_tier.value} applies until then"
        )
    else:
        click.echo(
            f"{change.model}: {change.from_tier.value} -> {change.to_tier.value} "
            f"{change.state.value} (change {change.id})"
        )


@models.command("tier")
@click.argument("model", metavar="GROUP/NAME")
@click.argument("risk_tier", metavar="TIER", type=RISK_TIERS)
@click.option("--reason", required=True, help="Why the tier should change (recorded).")
@_remote
@_reports_errors
def models_tier(model: str, risk_tier: str, reason: str, url: str, token: str | None) -> None:
    """Raise GROUP/NAME's risk tier at once, or ask MRC to lower it."""
    with Client(url, token) as client:
        change = client.risk_tiers.request(ModelName.parse(model), risk_tier, reason=reason)
    _echo_tier_change(change)


@models.command("tier-history")
@click.argument("model", metavar="GROUP/NAME")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@_remote
@_reports_errors
def models_tier_history(model: str, as_json: bool, url: str, token: str | None) -> None:
    """Every risk-tier change of GROUP/NAME, newest first."""
    with Client(url, token) as client:
        changes = client.risk_tiers.list(ModelName.parse(model))
    if as_json:
        _echo_json([_dump(c) for c in changes])
        return
    _table(
        ["ID", "FROM", "TO", "STATE", "REQUESTED", "REASON"],
        [
            [
                c.id,
                c.from_tier.value,
                c.to_tier.value,
                c.state.value,
                c.requested_at.isoformat(timespec="seconds"),
                c.reason,
            ]
            for c in changes
        ],
    )


@models.command("tier-decide")
@click.argument("change_id")
@click.option("--approve/--reject", "approve", required=True, help="Your verdict.")
@click.option("--rationale", required=True, help="Why (recorded in the audit chain).")
@_remote
@_reports_errors
def models_tier_decide(
    change_id: str, approve: bool, rationale: str, url: str, token: str | None
) -> None:
    """MRC: approve or reject a requested lowering (not for owners or the requester)."""
    with Client(url, token) as client:
        tiers = client.risk_tiers
        change = (tiers.approve if approve else tiers.reject)(change_id, rationale=rationale)
    _echo_tier_change(change)


@models.command("tier-withdraw")
@click.argument("change_id")
@_remote
@_reports_errors
def models_tier_withdraw(change_id: str, url: str, token: str | None) -> None:
    """Withdraw a lowering MRC has not decided yet."""
    with Client(url, token) as client:
        change = client.risk_tiers.withdraw(change_id)
    _echo_tier_change(change)


@click.group()
def versions() -> None:
    """Create and inspect versions (with lineage and metadata)."""


@versions.command("show")
@click.argument("ref", metavar="GROUP/NAME@VERSION")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@_remote
@_reports_errors
def versions_show(ref: str, as_json: bool, url: str, token: str | None) -> None:
    """Show a version with its manifest."""
    with Client(url, token) as client:
        version = client.versions.get(VersionRef.parse(ref))
    if as_json:
        _echo_json(_dump(version))
        return
    sealed = version.sealed_at.isoformat(timespec="seconds") if version.sealed_at else "no"
    for label, value in [
        ("version", f"{version.model}@{version.version}"),
        ("stage", version.stage.value),
        ("sealed", sealed),
        ("digest", f"sha256:{version.digest}"),
        ("files", f"{version.artifact_count} ({version.total_size} bytes)"),
        ("description", version.description or "-"),
    ]:
        click.echo(f"{label + ':':13} {value}")
    if version.manifest:
        click.echo("")
        _table(
            ["PATH", "SIZE", "SHA256"],
            [[entry.path, str(entry.size), entry.sha256] for entry in version.manifest],
        )


@versions.command("create")
@click.argument("ref", metavar="GROUP/NAME@VERSION")
@click.option("--description", default="", help="Description of the version.")
@click.option(
    "--lineage",
    "lineage_file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=None,
    help="JSON or YAML list of lineage links, as the API takes them.",
)
@click.option(
    "--metadata",
    "metadata_file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=None,
    help="JSON or YAML mapping: free metadata of the version.",
)
@click.option("--tag", "tags", multiple=True, metavar="KEY=VALUE", help="A tag; repeatable.")
@click.option("--idempotency-key", default=None, help="Makes a retried request safe.")
@_remote
@_reports_errors
def versions_create(
    ref: str,
    description: str,
    lineage_file: Path | None,
    metadata_file: Path | None,
    tags: tuple[str, ...],
    idempotency_key: str | None,
    url: str,
    token: str | None,
) -> None:
    """Create draft version GROUP/NAME@VERSION with lineage links and metadata."""
    from modelreg.schemas.versions import VersionCreate

    target = VersionRef.parse(ref)
    if target.is_latest:
        raise click.UsageError("create needs an explicit version, not 'latest'")
    lineage = (
        _validated(_links_adapter(), _read_document(lineage_file, "--lineage"), "--lineage")
        if lineage_file
        else []
    )
    metadata = _read_document(metadata_file, "--metadata") if metadata_file else {}
    body: VersionCreate = _built(
        VersionCreate,
        "--metadata" if metadata_file else "options",
        version=target.version,
        description=description,
        metadata=metadata,
        tags=_parse_tags(tags),
        lineage=lineage,
    )
    with Client(url, token) as client:
        created = client.versions.create(target.model, body, idempotency_key=idempotency_key)
    click.echo(
        f"created version {created.model}@{created.version} ({created.stage.value}) with "
        f"{len(lineage)} lineage link(s)"
    )


@click.group()
def lineage() -> None:
    """Upstream links of versions: list and add."""


def _echo_links(links: Sequence[LineageLinkRead]) -> None:
    if not links:
        click.echo("no lineage links")
        return
    _table(
        ["ID", "KIND", "REF", "UPSTREAM"],
        [[link.id, link.kind, link.ref, link.upstream or "-"] for link in links],
    )


@lineage.command("list")
@click.argument("ref", metavar="GROUP/NAME@VERSION")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@_remote
@_reports_errors
def lineage_list(ref: str, as_json: bool, url: str, token: str | None) -> None:
    """A version's direct upstream links."""
    with Client(url, token) as client:
        links = client.lineage.list(VersionRef.parse(ref))
    if as_json:
        _echo_json([_dump(link) for link in links])
    else:
        _echo_links(links)


@lineage.command("add")
@click.argument("ref", metavar="GROUP/NAME@VERSION")
@click.option("--kind", type=LINK_KINDS, default=None, help="Kind of the one link to add.")
@click.option("--uri", default=None, help="dataset, training_run, other: where it is.")
@click.option("--digest", default=None, help="dataset: e.g. sha256:…")
@click.option("--name", default=None, help="dataset: its name.")
@click.option("--dataset-version", default=None, help="dataset: its version.")
@click.option("--role", default=None, help="dataset: training, validation, evaluation, other.")
@click.option("--repository", default=None, help="code: repository URL.")
@click.option("--commit", default=None, help="code: full commit SHA.")
@click.option("--path", default=None, help="code: path in the repository.")
@click.option("--branch", default=None, help="code: branch.")
@click.option("--system", default=None, help="training_run: tracker, e.g. mlflow.")
@click.option("--run-id", default=None, help="training_run: run id.")
@click.option("--base", "base_ref", default=None, help="base_model: group/name@version or URI.")
@click.option("--relation", default=None, help="other: e.g. derived_from.")
@click.option("--description", default=None, help="other: what it is.")
@click.option(
    "--file",
    "links_file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=None,
    help="JSON or YAML list of links, as the API takes them (instead of --kind).",
)
@_remote
@_reports_errors
def lineage_add(
    ref: str,
    kind: str | None,
    links_file: Path | None,
    url: str,
    token: str | None,
    **attributes: str | None,
) -> None:
    """Add one link (--kind and its fields) or a --file of links to an unsealed version."""
    from pydantic import TypeAdapter

    from modelreg.schemas.lineage import LineageLinkCreate

    if (kind is None) == (links_file is None):
        raise click.UsageError("give either --kind with its fields, or --file")
    links: list[LineageLinkCreate]
    if links_file is not None:
        links = _validated(_links_adapter(), _read_document(links_file, "--file"), "--file")
    else:
        renamed = {"dataset_version": "version", "base_ref": "ref"}
        given = {renamed.get(k, k): v for k, v in attributes.items() if v is not None}
        link = TypeAdapter(LineageLinkCreate)
        links = [_validated(link, {"kind": kind, **given}, f"--kind {kind}")]
    with Client(url, token) as client:
        added = client.lineage.add(VersionRef.parse(ref), links)
    click.echo(f"added {len(added)} lineage link(s) to {ref}")
    _echo_links(added)


@click.group()
def card() -> None:
    """Model cards: print, and annotate their sections."""


@card.command("show")
@click.argument("ref", metavar="GROUP/NAME@VERSION")
@click.option("--json", "as_json", is_flag=True, help="Print the card document as JSON.")
@_remote
@_reports_errors
def card_show(ref: str, as_json: bool, url: str, token: str | None) -> None:
    """Print a version's model card (Markdown with YAML front matter)."""
    wanted = VersionRef.parse(ref)
    with Client(url, token) as client:
        if as_json:
            _echo_json(_dump(client.cards.get(wanted)))
        else:
            click.echo(client.cards.markdown(wanted), nl=False)


def _section_key(name: str) -> str | None:
    """The annotation field a section name means (key or title, any case), or None if custom."""
    from modelreg.domain.cards import ANNOTATED_SECTIONS

    wanted = name.strip().lower().replace("-", "_").replace(" ", "_")
    for key, title in ANNOTATED_SECTIONS:
        if wanted in (key, title.lower().replace("-", "_").replace(" ", "_")):
            return key
    return None


@card.command("annotate")
@click.argument("ref", metavar="GROUP/NAME@VERSION")
@click.option(
    "--section",
    required=True,
    help="intended_use, out_of_scope_use, limitations, ethical_considerations, training_data, "
    "evaluation_data, caveats_and_recommendations, or any other name for a custom section.",
)
@click.option("--text", default=None, help="The section's text (Markdown).")
@click.option(
    "--file",
    "text_file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=None,
    help="Read the section's text from FILE.",
)
@_remote
@_reports_errors
def card_annotate(
    ref: str, section: str, text: str | None, text_file: Path | None, url: str, token: str | None
) -> None:
    """Write one human section of an unsealed version's card; the others stay as they are."""
    from modelreg.domain.cards import ANNOTATED_SECTIONS
    from modelreg.schemas.cards import CardAnnotations

    if text_file is not None and text is None:
        content = text_file.read_text(encoding="utf-8")
    elif text is not None and text_file is None:
        content = text
    else:
        raise click.UsageError("give either --text or --file")
    if not content.strip():
        raise click.BadParameter("the section text is empty", param_hint="--text/--file")
    target = VersionRef.parse(ref)
    key = _section_key(section)
    with Client(url, token) as client:
        # The API replaces every annotation at once, so the others are read and sent back.
        current = client.cards.annotations(target)
        if key is None:
            changed = current.model_copy(
                update={"custom_sections": {**current.custom_sections, section: content}}
            )
        else:
            changed = current.model_copy(update={key: content})
        saved = client.cards.set_annotations(target, CardAnnotations.model_validate(_dump(changed)))
    shown = [key for key, _ in ANNOTATED_SECTIONS if getattr(saved, key)]
    click.echo(
        f"{ref}: section {key or section!r} written; annotated: "
        f"{', '.join([*shown, *saved.custom_sections]) or '-'}"
    )
