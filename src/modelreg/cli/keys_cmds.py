"""`modelreg keys`: list, rotate and retire key-encryption keys of the configured blob store.

Like `users` and `db`, these act on the configured data directory, database and key provider
directly (no server, no token). Every change is audited as actor `system`. Nothing here prints
key material: only KEK ids and counts.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from modelreg.config import Settings
    from modelreg.services.uow import Transactions
    from modelreg.storage.blobs import LocalEncryptedBlobStore, RewrapResult

# The subject of every key-management audit event: the store's key hierarchy as a whole.
SUBJECT = "keys"


@dataclass
class _KeyAdmin:
    settings: Settings
    tx: Transactions
    store: LocalEncryptedBlobStore
    actor: str


@contextmanager
def _key_admin() -> Iterator[_KeyAdmin]:
    """The migrated database, for audit events, and the blob store with its key provider."""
    # Imported late, as in cli/main.py: loading the database stack costs every CLI call.
    from modelreg.cli.local import local_registry
    from modelreg.services.identity import SYSTEM_ACTOR
    from modelreg.services.uow import Transactions
    from modelreg.wiring import build_blob_store, build_key_provider

    registry = local_registry()
    try:
        store = build_blob_store(registry.settings, build_key_provider(registry.settings))
        yield _KeyAdmin(registry.settings, Transactions(registry.db), store, SYSTEM_ACTOR)
    finally:
        registry.close()


@click.group()
def keys() -> None:
    """Key-encryption keys: list, rotate, retire (act on MODELREG_HOME directly)."""


@keys.command("list")
def keys_list() -> None:
    """Show each KEK, which one is current, and how many blobs' data keys it wraps."""
    with _key_admin() as admin:
        provider = admin.store.keys
        current = provider.current_kek_id()
        usage = admin.store.kek_usage()
        known = provider.kek_ids()
        kek_ids = known + sorted(set(usage.by_kek) - set(known))
        click.echo("KEK\tCURRENT\tBLOBS")
        for kek_id in kek_ids:
            marker = "*" if kek_id == current else ""
            click.echo(f"{kek_id}\t{marker}\t{usage.by_kek.get(kek_id, 0)}")
        if usage.unreadable:
            click.echo(f"{len(usage.unreadable)} blob(s) have a missing or damaged key record:")
            for sha256 in usage.unreadable:
                click.echo(f"  {sha256}")


@keys.command("rotate")
@click.option(
    "--to",
    "to",
    default=None,
    metavar="KMS_KEY_ID",
    help="aws-kms only: the KMS key to re-wrap under (default: MODELREG_KMS_KEY_ID).",
)
@click.option(
    "--resume",
    is_flag=True,
    help="Finish an interrupted rotation onto the current KEK instead of making a new one.",
)
def keys_rotate(to: str | None, resume: bool) -> None:
    """Make a new KEK current and re-wrap every data key under it; no blob is re-encrypted.

    Reads keep working throughout: the previous KEK stays available until `keys retire`.
    Rerunning with --resume after an interruption skips blobs already re-wrapped.
    """
    if resume and to is not None:
        raise click.UsageError("--resume re-wraps onto the current KEK; it takes no --to")
    with _key_admin() as admin:
        provider = admin.store.keys
        previous = provider.current_kek_id()
        before = admin.store.kek_usage()
        with admin.tx.write(admin.actor) as uow:
            # Rotating inside the transaction: if it fails, no "started" event is recorded.
            target = previous if resume else provider.rotate(to)
            uow.audit(
                "keys.rotation_started",
                SUBJECT,
                {
                    "provider": admin.settings.key_provider,
                    "previous_kek_id": previous,
                    "new_kek_id": target,
                    "resumed": resume,
                    "blobs_by_kek": before.by_kek,
                },
            )
        click.echo(f"re-wrapping data keys under KEK {target} (previous current KEK: {previous})")
        result = admin.store.rewrap()
        with admin.tx.write(admin.actor) as uow:
            uow.audit("keys.rotated", SUBJECT, _rotated_details(previous, result))
    _echo_result(result)
    if to is not None and to != admin.settings.kms_key_id:
        click.echo(
            f"set MODELREG_KMS_KEY_ID={result.target_kek_id} and restart modelreg so that new "
            "uploads use it, then run `modelreg keys rotate --resume` once more"
        )
    if result.failed:
        sys.exit(1)


@keys.command("retire")
@click.argument("kek_id")
def keys_retire(kek_id: str) -> None:
    """Remove KEK_ID once no blob's data key is wrapped by it; refused while any is."""
    with _key_admin() as admin, admin.tx.write(admin.actor) as uow:
        admin.store.retire_kek(kek_id)
        uow.audit(
            "keys.retired", SUBJECT, {"provider": admin.settings.key_provider, "kek_id": kek_id}
        )
    if admin.settings.key_provider == "aws-kms":
        click.echo(
            f"no blob uses KMS key {kek_id} any more; disable it or schedule its deletion "
            "in KMS when your backups no longer need it"
        )
    else:
        click.echo(f"retired KEK {kek_id}; it is deleted from the keyfile")


def _rotated_details(previous: str, result: RewrapResult) -> dict[str, object]:
    return {
        "previous_kek_id": previous,
        "new_kek_id": result.target_kek_id,
        "rewrapped": result.rewrapped_total,
        "rewrapped_by_kek": result.rewrapped,
        "already_current": result.already_current,
        "failed": len(result.failed),
        # Enough to find the damaged records without letting one event grow without bound.
        "failed_blobs": list(result.failed[:100]),
    }


def _echo_result(result: RewrapResult) -> None:
    by_kek = ", ".join(f"{kek}: {count}" for kek, count in sorted(result.rewrapped.items()))
    click.echo(
        f"re-wrapped {result.rewrapped_total} data key(s)"
        + (f" ({by_kek})" if by_kek else "")
        + f", {result.already_current} already under {result.target_kek_id}"
        + f", {len(result.failed)} failed"
    )
    for sha256 in result.failed:
        click.echo(f"  failed: blob {sha256} (missing, damaged or foreign key record)", err=True)
