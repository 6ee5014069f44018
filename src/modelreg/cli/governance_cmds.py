"""Governance commands through the SDK: promote, approve, reject, policies, decisions, history."""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path
from typing import Any

import click

from modelreg.cli.remote import (
    BLOCKED_EXIT,
    _dump,
    _echo_json,
    _remote,
    _reports_errors,
    _table,
)
from modelreg.client import Client
from modelreg.domain.access import Role
from modelreg.domain.names import ModelName, VersionRef
from modelreg.schemas.governance import PromotionRead, PromotionState, RuleResultRead
from modelreg.schemas.versions import Stage

STAGES = click.Choice([stage.value for stage in Stage])
ROLES = click.Choice([role.value for role in Role])
RATIONALE = click.option("--rationale", required=True, help="Why (recorded and audited).")


def _failing(results: list[RuleResultRead]) -> list[RuleResultRead]:
    return [r for r in results if not r.passed]


def _echo_results(results: list[RuleResultRead], *, all_rules: bool = False) -> None:
    """Print failing rules (blocking first) with the message that says how to fix them."""
    shown = results if all_rules else _failing(results)
    for result in sorted(shown, key=lambda r: (r.passed, r.severity != "block", r.rule_id)):
        verdict = "pass" if result.passed else ("FAIL" if result.severity == "block" else "warn")
        click.echo(f"  {verdict:4}  {result.rule_id} ({result.severity})")
        if not result.passed:
            if result.message:
                click.echo(f"        {' '.join(result.message.split())}")
            if result.error:
                click.echo(f"        could not be evaluated: {result.error}")


def _who(name: str | None, user_id: str) -> str:
    """A person as people know them: the username, or the id when the server gave no name."""
    return name or user_id


def _blocking_findings(client: Client, promo: PromotionRead) -> list[dict[str, Any]]:
    """The open blocking findings the blocking decision saw (its stored input), if any."""
    if promo.decision_id is None:
        return []
    scans = client.decisions.get(promo.decision_id).input.get("scans") or {}
    return list(scans.get("blocking") or [])


def _refuse_if_blocked(client: Client, promo: PromotionRead, *, as_json: bool) -> None:
    """Exit 3 on a blocked promotion, after naming every blocking rule and finding."""
    if promo.state != PromotionState.BLOCKED:
        return
    findings = _blocking_findings(client, promo)
    if not as_json:
        failing = [r for r in promo.results if not r.passed and r.severity == "block"]
        click.echo(
            f"error: promotion {promo.id} is blocked by {len(failing)} rule(s); fix each, "
            "then request again:",
            err=True,
        )
        for result in failing:
            why = result.error and f"could not be evaluated: {result.error}"
            click.echo(f"  {result.rule_id}: {why or ' '.join(result.message.split())}", err=True)
        if findings:
            click.echo(f"  blocking security findings ({len(findings)}):", err=True)
            for finding in findings:
                click.echo(
                    f"    {finding.get('id')}  {finding.get('severity')}  {finding.get('rule')}"
                    f"  {finding.get('path')}: {' '.join(str(finding.get('message')).split())}",
                    err=True,
                )
    sys.exit(BLOCKED_EXIT)


def _echo_promotion(promo: PromotionRead) -> None:
    """State, failing rules, missing approval roles, and the ids to follow up with."""
    click.echo(
        f"{promo.model}@{promo.version}: {promo.from_stage.value} -> {promo.target_stage.value}: "
        f"{promo.state.value}"
    )
    click.echo(f"promotion: {promo.id}")
    if promo.decision_id:
        click.echo(f"decision:  {promo.decision_id}")
    click.echo(f"policy:    set {promo.policy_set} (sha256:{promo.policy_digest[:16]})")
    click.echo(f"requested: by {_who(promo.requested_by_name, promo.requested_by)}")
    if _failing(promo.results):
        click.echo("failing rules:")
        _echo_results(promo.results)
    missing = promo.approval_status.get("missing_roles") or []
    if missing and promo.state in (PromotionState.AWAITING_APPROVAL, PromotionState.BLOCKED):
        two = " (two different people)" if promo.approval_status.get("two_person") else ""
        click.echo(f"missing approvals: {', '.join(missing)}{two}")
    for approval in promo.approvals:
        click.echo(
            f"  {approval.decision}d by {_who(approval.approver_name, approval.approver)} as "
            f"{approval.role.value}: {approval.rationale}"
        )
    if promo.state == PromotionState.AWAITING_APPROVAL:
        click.echo(f"next: modelreg approve {promo.id} --rationale '...'")


@click.command()
@click.argument("ref", metavar="GROUP/NAME@VERSION")
@click.option("--to", "target", type=STAGES, required=True, help="Stage to promote to.")
@RATIONALE
@click.option("--idempotency-key", default=None, help="Makes a retried request safe.")
@click.option("--json", "as_json", is_flag=True, help="Print the promotion as JSON.")
@_remote
@_reports_errors
def promote(
    ref: str,
    target: str,
    rationale: str,
    idempotency_key: str | None,
    as_json: bool,
    url: str,
    token: str | None,
) -> None:
    """Request a promotion; exit 3 when the policy blocks it.

    Executed at once when nothing is missing; otherwise it awaits approval (exit 0) or is
    blocked by failing rules (exit 3; each blocking rule and security finding is listed on
    stderr with what to do about it).
    """
    with Client(url, token) as client:
        promo = client.promotions.request(
            VersionRef.parse(ref), target, rationale, idempotency_key=idempotency_key
        )
        if as_json:
            _echo_json(_dump(promo))
        else:
            _echo_promotion(promo)
        _refuse_if_blocked(client, promo, as_json=as_json)


@click.command()
@click.argument("promotion_id", metavar="ID")
@RATIONALE
@click.option("--role", type=ROLES, default=None, help="Needed only if you hold several roles.")
@_remote
@_reports_errors
def approve(
    promotion_id: str, rationale: str, role: str | None, url: str, token: str | None
) -> None:
    """Approve promotion ID; it executes once every condition holds.

    Exit 3 when the approval's evaluation blocks the promotion (the blocking rules and
    findings are listed on stderr).
    """
    with Client(url, token) as client:
        promo = client.promotions.approve(promotion_id, rationale, role=role)
        _echo_promotion(promo)
        _refuse_if_blocked(client, promo, as_json=False)


@click.command()
@click.argument("promotion_id", metavar="ID")
@RATIONALE
@click.option("--role", type=ROLES, default=None, help="Needed only if you hold several roles.")
@_remote
@_reports_errors
def reject(
    promotion_id: str, rationale: str, role: str | None, url: str, token: str | None
) -> None:
    """Reject promotion ID (a rejected submission moves the version to `rejected`)."""
    with Client(url, token) as client:
        _echo_promotion(client.promotions.reject(promotion_id, rationale, role=role))


@click.group()
def promotions() -> None:
    """Promotion requests."""


@promotions.command("pending")
@click.option("--limit", type=click.IntRange(1, 500), default=100, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@_remote
@_reports_errors
def promotions_pending(limit: int, as_json: bool, url: str, token: str | None) -> None:
    """Requests awaiting approval, oldest first."""
    with Client(url, token) as client:
        found = client.promotions.pending(limit)
    if as_json:
        _echo_json([_dump(p) for p in found])
        return
    if not found:
        click.echo("no promotions await approval", err=True)
        return
    _table(
        ["ID", "VERSION", "TO", "MISSING", "REQUESTED"],
        [
            [
                p.id,
                f"{p.model}@{p.version}",
                p.target_stage.value,
                ",".join(p.approval_status.get("missing_roles") or []) or "-",
                p.created_at.isoformat(timespec="seconds"),
            ]
            for p in found
        ],
    )


@promotions.command("show")
@click.argument("promotion_id", metavar="ID")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@_remote
@_reports_errors
def promotions_show(promotion_id: str, as_json: bool, url: str, token: str | None) -> None:
    """Show promotion ID with its approvals and latest rule results."""
    with Client(url, token) as client:
        promo = client.promotions.get(promotion_id)
    if as_json:
        _echo_json(_dump(promo))
    else:
        _echo_promotion(promo)


@click.group()
def policies() -> None:
    """Policy sets: upload, show, test drafts."""


def _read_policy(file: Path) -> str:
    return file.read_text(encoding="utf-8")


@policies.command("apply")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@_remote
@_reports_errors
def policies_apply(file: Path, url: str, token: str | None) -> None:
    """Upload FILE (YAML) as a new policy-set version; it becomes active at once."""
    with Client(url, token) as client:
        applied = client.policies.apply(_read_policy(file))
    click.echo(
        f"policy set {applied.number} ({applied.name}) active, digest sha256:{applied.digest}"
    )


@policies.command("show")
@click.option(
    "--number", type=click.IntRange(min=1), default=None, help="A version (default: active)."
)
@click.option("--list", "list_all", is_flag=True, help="List every version instead.")
@_remote
@_reports_errors
def policies_show(number: int | None, list_all: bool, url: str, token: str | None) -> None:
    """Print the active policy set (or version --number) as YAML, with a header on stderr."""
    with Client(url, token) as client:
        if list_all:
            versions = client.policies.list()
            _table(
                ["NUMBER", "NAME", "ACTIVE", "CREATED", "BY", "DIGEST"],
                [
                    [
                        str(p.number),
                        p.name,
                        "yes" if p.active else "",
                        p.created_at.isoformat(timespec="seconds"),
                        p.created_by,
                        p.digest[:16],
                    ]
                    for p in versions
                ],
            )
            return
        shown = client.policies.get(number) if number else client.policies.active()
    state = "active" if shown.active else "inactive"
    click.echo(
        f"# policy set {shown.number} ({shown.name}, {state}), by {shown.created_by} at "
        f"{shown.created_at.isoformat(timespec='seconds')}, digest sha256:{shown.digest}",
        err=True,
    )
    click.echo(shown.text, nl=not shown.text.endswith("\n"))


@policies.command("test")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--against", "ref", metavar="GROUP/NAME@VERSION", required=True)
@click.option("--to", "target", type=STAGES, required=True, help="Target stage to judge.")
@click.option("--json", "as_json", is_flag=True, help="Print the result (with input) as JSON.")
@_remote
@_reports_errors
def policies_test(
    file: Path, ref: str, target: str, as_json: bool, url: str, token: str | None
) -> None:
    """Dry-run draft FILE against a version; decides nothing. Exit 1 when it would block."""
    with Client(url, token) as client:
        result = client.policies.dry_run(_read_policy(file), VersionRef.parse(ref), target)
    if as_json:
        _echo_json(_dump(result))
    else:
        click.echo(f"{ref} -> {target} under draft sha256:{result.policy_digest[:16]}: ")
        click.echo(f"outcome: {result.outcome}")
        _echo_results(result.results, all_rules=True)
        missing = result.input.get("approval_status", {}).get("missing_roles") or []
        if missing:
            click.echo(f"missing approvals: {', '.join(missing)}")
    if result.outcome == PromotionState.BLOCKED.value:
        sys.exit(1)


@click.group()
def decisions() -> None:
    """Decision records: show and replay."""


@decisions.command("show")
@click.argument("decision_id", metavar="ID")
@click.option("--json", "as_json", is_flag=True, help="Print the record (with its input) as JSON.")
@_remote
@_reports_errors
def decisions_show(decision_id: str, as_json: bool, url: str, token: str | None) -> None:
    """Show a decision: trigger, policy version, input digest, each rule's result, outcome."""
    with Client(url, token) as client:
        record = client.decisions.get(decision_id)
    if as_json:
        _echo_json(_dump(record))
        return
    for label, value in [
        ("decision", record.id),
        ("promotion", record.promotion_id),
        ("trigger", record.trigger),
        ("outcome", record.outcome),
        ("actor", _who(record.actor_name, record.actor)),
        ("at", record.created_at.isoformat(timespec="seconds")),
        ("policy set", f"{record.policy_set} (sha256:{record.policy_digest})"),
        ("input", f"sha256:{record.input_digest}"),
    ]:
        click.echo(f"{label + ':':11} {value}")
    click.echo("rules:")
    _echo_results(record.results, all_rules=True)


@decisions.command("replay")
@click.argument("decision_id", metavar="ID")
@_remote
@_reports_errors
def decisions_replay(decision_id: str, url: str, token: str | None) -> None:
    """Evaluate a decision's stored input under its stored policy again; exit 1 if it differs."""
    with Client(url, token) as client:
        result = client.decisions.replay(decision_id)
    if result.identical:
        click.echo(
            f"decision {result.decision_id}: identical on replay ({result.replayed_outcome})"
        )
        return
    click.echo(
        f"decision {result.decision_id}: DIFFERS on replay (recorded {result.original_outcome}, "
        f"replayed {result.replayed_outcome})"
    )
    for difference in result.differences:
        click.echo(f"  {difference}")
    sys.exit(1)


def _parse_at(value: str) -> datetime:
    try:
        at = datetime.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(
            f"{value!r} is not an ISO 8601 time, e.g. 2026-11-27T12:00:00Z", param_hint="--at"
        ) from None
    if at.tzinfo is None:
        raise click.BadParameter("give a time zone, e.g. 2026-11-27T12:00:00Z", param_hint="--at")
    return at


@click.command()
@click.argument("ref", metavar="GROUP/NAME@VERSION | GROUP/NAME")
@click.option("--at", "at", default=None, help="With GROUP/NAME: a moment (ISO 8601, with zone).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@_remote
@_reports_errors
def history(ref: str, at: str | None, as_json: bool, url: str, token: str | None) -> None:
    """A version's stage history, or which versions of a model were in which stage --at TIME."""
    if "@" in ref:
        if at is not None:
            raise click.UsageError("--at goes with GROUP/NAME, not with a version")
        with Client(url, token) as client:
            changes = client.promotions.history(VersionRef.parse(ref))
        if as_json:
            _echo_json([_dump(c) for c in changes])
            return
        _table(
            ["ENTERED", "FROM", "STAGE", "ACTOR", "PROMOTION", "RATIONALE"],
            [
                [
                    c.entered_at.isoformat(timespec="seconds"),
                    c.from_stage.value if c.from_stage else "-",
                    c.stage.value,
                    _who(c.actor_name, c.actor),
                    c.promotion_id or "-",
                    " ".join(c.rationale.split())[:60],
                ]
                for c in changes
            ],
        )
        return
    if at is None:
        raise click.UsageError("give GROUP/NAME@VERSION, or GROUP/NAME with --at TIME")
    when = _parse_at(at)
    with Client(url, token) as client:
        found = client.promotions.stages_at(ModelName.parse(ref), when)
    if as_json:
        _echo_json(_dump(found))
        return
    click.echo(f"{found.model} at {found.at.isoformat()}:")
    if not found.stages:
        click.echo("  no versions existed yet")
    for stage, versions in found.stages.items():
        click.echo(f"  {stage + ':':12} {', '.join(versions)}")
