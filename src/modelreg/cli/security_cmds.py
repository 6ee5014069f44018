"""Artifact-security commands: scans, exceptions, SBOMs, license lists, deploy checks,
notifications (through the SDK), and the worker and advisory import (on the local database)."""

from __future__ import annotations

import os
import signal
import sys
import threading
import time
from datetime import UTC, datetime
from pathlib import Path
from types import FrameType

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
from modelreg.domain.names import VersionRef
from modelreg.domain.tokens import parse_duration
from modelreg.schemas.security import FindingRead, SecurityStatus

# Exit status of `modelreg scan --wait` when the scans did not finish in time.
WAIT_TIMEOUT_EXIT = 4
# Scan states that may still change by themselves, so `--wait` keeps polling.
UNFINISHED = ("pending", "none", "partial")


def _echo_findings(findings: list[FindingRead]) -> None:
    if not findings:
        click.echo("no findings")
        return
    order = {"critical": 0, "high": 1, "medium": 2, "low": 3, "info": 4}
    rows = [
        [
            f.id,
            f.severity,
            "BLOCKS" if f.blocking else ("excepted" if f.excepted else "-"),
            f.rule,
            f.path,
            " ".join(f.message.split())[:120],
        ]
        for f in sorted(findings, key=lambda f: (order[f.severity], f.scanner, f.path))
    ]
    _table(["finding", "severity", "gate", "rule", "path", "message"], rows)


def _echo_status(state: SecurityStatus) -> None:
    click.echo(f"{state.model}@{state.version}  digest {state.digest or '(unsealed)'}")
    click.echo(f"scan status: {state.status}")
    for name, scanner in sorted(state.scanners.items()):
        db = f"  db {scanner.database_version}" if scanner.database_version else ""
        click.echo(
            f"  {name:13} {scanner.status:9} {scanner.finished_at:%Y-%m-%d %H:%M:%S}Z  "
            f"{scanner.scanner_version[:60]}{db}"
        )
    for job in state.pending_jobs:
        click.echo(f"  pending: {job.kind} ({job.state}) job {job.id}")
    if state.queue is not None:
        click.echo(f"  queue: {state.queue.detail}")
    if state.recheck_pending:
        click.echo("re-check pending: the results below are those of the last completed scan")
    advisories = state.advisories
    if advisories.get("empty"):
        click.echo("advisories: EMPTY, no dependency was checked (modelreg advisories import)")
    elif advisories.get("stale"):
        click.echo(f"advisories: STALE, imported {advisories.get('age_days')} days ago")
    lic = state.license
    click.echo(f"license: {lic.get('status')}  {lic.get('expression') or ''}".rstrip())
    click.echo(f"signature: {state.signature.get('status')}")
    counts = ", ".join(f"{n} {sev}" for sev, n in state.counts.items() if n)
    click.echo(f"open findings: {counts or 'none'}")
    _echo_findings(state.findings)


@click.command()
@click.argument("ref")
@click.option("--rescan", is_flag=True, help="Queue a full re-scan first.")
@click.option("--wait", "wait_s", default=0.0, help="Wait up to this many seconds for scans.")
@click.option("--json", "as_json", is_flag=True, help="Print the JSON document.")
@_remote
@_reports_errors
def scan(ref: str, rescan: bool, wait_s: float, as_json: bool, url: str, token: str | None) -> None:
    """Show a version's scan results and findings (exit 3 if any finding blocks, 4 if --wait
    ran out before the scans finished)."""
    version = VersionRef.parse(ref)
    with Client(url, token) as client:
        if rescan:
            job = client.security.request_scan(version)
            click.echo(f"queued scan job {job.job_id}", err=True)
        state = client.security.scans(version)
        deadline = time.monotonic() + wait_s
        stuck = False
        while (state.status in UNFINISHED or state.recheck_pending) and time.monotonic() < deadline:
            # Say once (and again after a worker came and went) that nobody runs the scan,
            # rather than waiting silently for a worker that is not there.
            queue = state.queue
            if queue is not None and not queue.worker_alive and not stuck:
                click.echo(f"waiting: {queue.detail}", err=True)
            stuck = queue is not None and not queue.worker_alive
            time.sleep(1.0)
            state = client.security.scans(version)
    if as_json:
        _echo_json(_dump(state))
    else:
        _echo_status(state)
    timed_out = wait_s > 0 and state.status in UNFINISHED
    if timed_out:
        why = f": {state.queue.detail}" if state.queue is not None else ""
        click.echo(f"error: scans of {ref} not finished after {wait_s:g} s{why}", err=True)
    if any(f.blocking for f in state.findings) or state.status == "failed":
        sys.exit(BLOCKED_EXIT)
    if timed_out:
        sys.exit(WAIT_TIMEOUT_EXIT)


@click.group()
def exceptions() -> None:
    """Time-limited security exceptions for findings."""


@exceptions.command("grant")
@click.argument("ref")
@click.argument("finding_id")
@click.option("--reason", required=True, help="The accepted risk and why (audited).")
@click.option("--expires-in", default="30d", show_default=True, help="e.g. 7d, 12h (max 90d).")
@_remote
@_reports_errors
def exceptions_grant(
    ref: str, finding_id: str, reason: str, expires_in: str, url: str, token: str | None
) -> None:
    """Except FINDING_ID on the version's current digest for a limited time."""
    expires_at = datetime.now(UTC) + parse_duration(expires_in)
    with Client(url, token) as client:
        exc = client.security.grant_exception(VersionRef.parse(ref), finding_id, reason, expires_at)
    click.echo(f"exception {exc.id} for {exc.finding_id} until {exc.expires_at:%Y-%m-%d %H:%M}Z")


@exceptions.command("list")
@click.argument("ref")
@_remote
@_reports_errors
def exceptions_list(ref: str, url: str, token: str | None) -> None:
    """Every exception of a version with its state."""
    with Client(url, token) as client:
        rows = client.security.exceptions(VersionRef.parse(ref))
    _table(
        ["exception", "finding", "state", "expires", "granted by", "reason"],
        [
            [
                e.id,
                e.finding_id,
                e.state,
                f"{e.expires_at:%Y-%m-%d %H:%M}Z",
                e.granted_by_name or e.granted_by,
                e.reason,
            ]
            for e in rows
        ],
    )


@exceptions.command("revoke")
@click.argument("exception_id")
@_remote
@_reports_errors
def exceptions_revoke(exception_id: str, url: str, token: str | None) -> None:
    """End an exception before it expires."""
    with Client(url, token) as client:
        exc = client.security.revoke_exception(exception_id)
    click.echo(f"revoked exception {exc.id}")


@click.group()
def sbom() -> None:
    """ML-BOMs and container SBOMs."""


@sbom.command("get")
@click.argument("ref")
@click.option("-o", "--output", type=click.Path(path_type=Path), help="Write to this file.")
@_remote
@_reports_errors
def sbom_get(ref: str, output: Path | None, url: str, token: str | None) -> None:
    """Print (or save) the CycloneDX 1.6 ML-BOM of a version."""
    import json

    with Client(url, token) as client:
        document = client.security.ml_bom(VersionRef.parse(ref))
    text = json.dumps(document, indent=2)
    if output is None:
        click.echo(text)
    else:
        output.write_text(text + "\n")
        click.echo(f"wrote {output}", err=True)


@sbom.command("upload-container")
@click.argument("ref")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@_remote
@_reports_errors
def sbom_upload(ref: str, file: Path, url: str, token: str | None) -> None:
    """Upload the CycloneDX or SPDX JSON SBOM of the version's container image."""
    with Client(url, token) as client:
        stored = client.security.upload_container_sbom(VersionRef.parse(ref), file.read_bytes())
    click.echo(f"stored {stored.format} SBOM with {stored.component_count} components")


@click.command("deploy-check")
@click.argument("ref")
@click.option("--digest", required=True, help="Digest of what is being deployed.")
@click.option("--target", required=True, help="Deployment target, e.g. prod-eu-1.")
@click.option(
    "--stage",
    type=click.Choice(["staging", "production"]),
    default="production",
    show_default=True,
    help="The tier the target belongs to.",
)
@_remote
@_reports_errors
def deploy_check(
    ref: str, digest: str, target: str, stage: str, url: str, token: str | None
) -> None:
    """Ask the gate whether DIGEST may be deployed now (exit 3 when refused)."""
    with Client(url, token) as client:
        verdict = client.security.deploy_check(VersionRef.parse(ref), digest, target, stage)
    click.echo(
        f"{verdict.model}@{verdict.version} -> {target}: "
        f"{'allowed' if verdict.allowed else 'REFUSED'}"
    )
    for reason in verdict.reasons:
        click.echo(f"  {reason}")
    for result in verdict.results:
        click.echo(f"  FAIL {result['rule_id']}: {' '.join(str(result['message']).split())}")
    if not verdict.allowed:
        sys.exit(BLOCKED_EXIT)


@click.group("license-policy")
def license_policy() -> None:
    """The license allow / deny / needs-review lists."""


@license_policy.command("show")
@_remote
@_reports_errors
def license_policy_show(url: str, token: str | None) -> None:
    """Print the lists in force."""
    with Client(url, token) as client:
        _echo_json(_dump(client.security.license_policy()))


@license_policy.command("set")
@click.option("--allow", multiple=True, help="An allowed license (repeat).")
@click.option("--deny", multiple=True, help="A denied license (repeat).")
@click.option("--review", multiple=True, help="A license needing review (repeat).")
@_remote
@_reports_errors
def license_policy_set(
    allow: tuple[str, ...],
    deny: tuple[str, ...],
    review: tuple[str, ...],
    url: str,
    token: str | None,
) -> None:
    """Replace the lists (security architects); live versions are re-checked."""
    with Client(url, token) as client:
        doc = client.security.set_license_policy(list(allow), list(deny), list(review))
    click.echo(f"license policy {doc.number} in force")


@click.command()
@click.option("--limit", default=50, show_default=True)
@click.option("--kind", default=None, help="Only this kind, e.g. security.findings.")
@_remote
@_reports_errors
def notifications(limit: int, kind: str | None, url: str, token: str | None) -> None:
    """Notifications, newest first."""
    with Client(url, token) as client:
        rows = client.security.notifications(limit=limit, kind=kind)
    _table(
        ["when", "kind", "severity", "title"],
        [[f"{n.created_at:%Y-%m-%d %H:%M:%S}Z", n.kind, n.severity, n.title] for n in rows],
    )


@click.group()
def advisories() -> None:
    """The local OSV advisory database (acts on the configured database directly)."""


@advisories.command("import")
@click.argument("path", type=click.Path(exists=True, path_type=Path))
def advisories_import(path: Path) -> None:
    """Import an OSV export zip or folder; live versions are re-checked for vulnerabilities."""
    from modelreg.cli.local import local_registry

    result = local_registry().advisories.import_path("system", path)
    click.echo(
        f"advisory database {result.database_version}: {result.advisories} advisories, "
        f"{result.changed} new or changed, {result.removed} withdrawn, {result.invalid} invalid; "
        f"{result.rescans_queued} version(s) queued for re-checking"
    )
    for warning in result.warnings[:20]:
        click.echo(f"warning: {warning}", err=True)


@click.command()
@click.option("--once", is_flag=True, help="Run the queued jobs, then exit.")
@click.option("--parent-pid", type=int, default=None, hidden=True)
def worker(once: bool, parent_pid: int | None) -> None:
    """Run scan jobs from the database (start several for more throughput)."""
    import logging

    from modelreg.cli.local import local_registry

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    runner = local_registry().worker()
    if once:
        click.echo(f"ran {runner.run_until_idle()} job(s)")
        return
    stop = threading.Event()

    def _stop(_signum: int, _frame: FrameType | None) -> None:
        stop.set()

    signal.signal(signal.SIGTERM, _stop)
    signal.signal(signal.SIGINT, _stop)
    if parent_pid is not None:
        # Started by `modelreg serve`: stop when it is gone, even if it was SIGKILLed.
        threading.Thread(target=_watch_parent, args=(parent_pid, stop), daemon=True).start()
    runner.run_forever(stop)


def _watch_parent(parent_pid: int, stop: threading.Event) -> None:
    while not stop.wait(1.0):
        if os.getppid() != parent_pid:
            stop.set()
