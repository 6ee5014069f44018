"""Commands that talk to a registry server through the SDK: push, pull, browse, verify.

The command modules import pydantic and the schemas inside the commands that build or read
typed documents: a command that only prints what the server sent (`models list`) never loads
them (~100 ms of every call).
"""

from __future__ import annotations

import functools
import hashlib
import json
import mimetypes
import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, ParamSpec, TypeVar

import click
import httpx

from modelreg.client import ApiError, Client
from modelreg.client.client import DEFAULT_URL
from modelreg.domain.artifact_paths import validate_artifact_path
from modelreg.domain.errors import InvalidInput, NotFound
from modelreg.domain.names import ModelName, VersionRef
from modelreg.domain.risk_tiers import TIERS

if TYPE_CHECKING:
    from pydantic import BaseModel

    from modelreg.schemas.audit import ChainVerification
    from modelreg.schemas.versions import VersionRead

P = ParamSpec("P")
F = TypeVar("F", bound=Callable[..., Any])
RISK_TIERS = click.Choice(TIERS)
# Exit status when the registry refuses on policy grounds (a blocked promotion, a blocking scan
# finding, a refused deployment), so CI jobs can tell a refusal from an error without parsing.
BLOCKED_EXIT = 3


def _die(message: str) -> NoReturn:
    click.echo(f"error: {message}", err=True)
    sys.exit(1)


def _reports_errors(command: Callable[P, None]) -> Callable[P, None]:
    """Turn local I/O, transport and unexpected-answer failures into one line and exit 1.

    Registry errors (ApiError included) are left to the `modelreg` group, which prints them.
    """

    @functools.wraps(command)
    def run(*args: P.args, **kwargs: P.kwargs) -> None:
        try:
            command(*args, **kwargs)
        except OSError as exc:
            _die(str(exc))
        except (httpx.HTTPError, httpx.InvalidURL) as exc:
            _die(f"HTTP failure: {exc}")
        except Exception as exc:
            if not _is_validation_error(exc):
                raise
            _die(f"the server answered with an unexpected document: {exc}")

    return run


def _is_validation_error(exc: Exception) -> bool:
    """True for pydantic's ValidationError, without importing pydantic to ask."""
    # A command that never loaded pydantic cannot have raised its error.
    core = sys.modules.get("pydantic_core")
    return core is not None and isinstance(exc, core.ValidationError)


def _remote(command: F) -> F:
    """Add --url and --token (from MODELREG_URL and MODELREG_TOKEN) to a command."""
    command = click.option(
        "--token", envvar="MODELREG_TOKEN", default=None, help="API token [env MODELREG_TOKEN]."
    )(command)
    return click.option(
        "--url",
        envvar="MODELREG_URL",
        default=DEFAULT_URL,
        show_default=True,
        help="Registry server [env MODELREG_URL].",
    )(command)


def _echo_json(document: Any) -> None:
    click.echo(json.dumps(document, indent=2, ensure_ascii=False))


def _dump(document: BaseModel) -> Any:
    return document.model_dump(mode="json")


def _table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
    """Print left-aligned columns (the last one unpadded)."""
    widths = [max(len(str(row[i])) for row in [headers, *rows]) for i in range(len(headers))]
    for row in [headers, *rows]:
        cells = [str(cell).ljust(width) for cell, width in zip(row[:-1], widths, strict=False)]
        click.echo("  ".join([*cells, str(row[-1])]).rstrip())


# --- push -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class LocalFile:
    """A file of the pushed directory, with its artifact path and digest."""

    path: str
    file: Path
    size: int
    sha256: str


def _local_files(root: Path) -> list[LocalFile]:
    """Regular files under `root` (symlinks skipped with a warning), with SHA-256 digests."""
    found: list[LocalFile] = []
    for folder, dirs, names in os.walk(root):
        here = Path(folder)
        linked = {d for d in dirs if (here / d).is_symlink()}
        dirs[:] = sorted(set(dirs) - linked)
        for name in sorted(linked | set(names)):
            file = here / name
            relative = file.relative_to(root).as_posix()
            if file.is_symlink():
                click.echo(f"warning: skipping symlink {relative}", err=True)
                continue
            if not file.is_file():
                click.echo(f"warning: skipping {relative}: not a regular file", err=True)
                continue
            relative = validate_artifact_path(relative)  # the NFC form the registry stores
            with file.open("rb") as handle:
                digest = hashlib.file_digest(handle, "sha256").hexdigest()
            found.append(LocalFile(relative, file, file.stat().st_size, digest))
    return found


def _ensure_model(client: Client, model: ModelName, risk_tier: str | None) -> None:
    """Register the model when asked to (risk_tier given) and it is missing."""
    try:
        client.models.get(model)
        return
    except ApiError as exc:
        if exc.status != 404:
            raise
    from modelreg.schemas.models import ModelCreate

    if risk_tier is None:
        raise NotFound(
            f"model {model} does not exist; register it first, or push with "
            "--create-model --risk-tier low|medium|high"
        )
    client.models.create(ModelCreate(group=model.group, name=model.name, risk_tier=risk_tier))
    click.echo(f"registered model {model} (risk tier {risk_tier})", err=True)


def _ensure_version(
    client: Client, ref: VersionRef, description: str | None, risk_tier: str | None
) -> VersionRead:
    """The version, created (as a draft) when it does not exist yet."""
    from modelreg.schemas.versions import VersionCreate, VersionUpdate

    try:
        version = client.versions.get(ref)
    except ApiError as exc:
        if exc.status != 404:
            raise
        _ensure_model(client, ref.model, risk_tier)
        body = VersionCreate(version=ref.version, description=description or "")
        created = client.versions.create(ref.model, body)
        click.echo(f"created version {ref}", err=True)
        return created
    if description is not None and description != version.description:
        version = client.versions.update(ref, VersionUpdate(description=description))
    return version


@click.command()
@click.argument("directory", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.argument("ref", metavar="GROUP/NAME@VERSION")
@click.option("--description", default=None, help="Description of the version.")
@click.option("--create-model", is_flag=True, help="Register the model if it does not exist.")
@click.option("--risk-tier", type=RISK_TIERS, default=None, help="Risk tier for --create-model.")
@click.option("--seal", is_flag=True, help="Seal the version after uploading.")
@_remote
@_reports_errors
def push(
    directory: Path,
    ref: str,
    description: str | None,
    create_model: bool,
    risk_tier: str | None,
    seal: bool,
    url: str,
    token: str | None,
) -> None:
    """Upload DIRECTORY as a version's artifacts, skipping unchanged files.

    The version is created if needed. Files whose path and SHA-256 are already on the server
    are skipped, so an interrupted push can simply be run again.
    """
    target = VersionRef.parse(ref)
    if target.is_latest:
        raise click.UsageError("push needs an explicit version, not 'latest'")
    if create_model and risk_tier is None:
        raise click.UsageError("--create-model needs --risk-tier low|medium|high")
    files = _local_files(directory)
    with Client(url, token) as client:
        _ensure_version(client, target, description, risk_tier if create_model else None)
        remote = {artifact.path: artifact.sha256 for artifact in client.artifacts.list(target)}
        todo = [f for f in files if remote.get(f.path) != f.sha256]
        untouched = sorted(set(remote) - {f.path for f in files})
        if untouched:
            click.echo(
                f"warning: {len(untouched)} artifact(s) on the server are not in {directory} "
                f"and stay as they are: {', '.join(untouched[:5])}",
                err=True,
            )
        size = sum(f.size for f in todo)
        with click.progressbar(
            length=size, label=f"uploading {len(todo)} file(s)", file=sys.stderr, hidden=not todo
        ) as bar:
            for local in todo:
                media_type = mimetypes.guess_type(local.path)[0] or "application/octet-stream"
                client.artifacts.upload(
                    target,
                    local.path,
                    local.file,
                    sha256=local.sha256,
                    media_type=media_type,
                    progress=bar.update,
                )
        version = client.versions.seal(target) if seal else client.versions.get(target)
    state = "sealed" if version.sealed else "not sealed"
    click.echo(
        f"{target}: uploaded {len(todo)} file(s) ({size} bytes), skipped {len(files) - len(todo)} "
        f"unchanged; digest sha256:{version.digest} ({state})"
    )


# --- pull -----------------------------------------------------------------------------------


def _destination(root: Path, path: str) -> Path:
    """Where an artifact goes under `root`; refuses any path that would land outside it."""
    validate_artifact_path(path)
    target = root / path
    if not target.resolve().is_relative_to(root.resolve()):
        raise InvalidInput(f"refusing to write artifact {path!r} outside {root}")
    return target


@click.command()
@click.argument("ref", metavar="GROUP/NAME@VERSION")
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@_remote
@_reports_errors
def pull(ref: str, directory: Path, url: str, token: str | None) -> None:
    """Download a version's artifacts into DIRECTORY, verifying every SHA-256."""
    wanted = VersionRef.parse(ref)
    with Client(url, token) as client:
        version = client.versions.get(wanted)
        # Pin `latest` once, so every file comes from the same version even if one is released.
        exact = VersionRef(wanted.model, version.version)
        artifacts = client.artifacts.list(exact)
        directory.mkdir(parents=True, exist_ok=True)
        # Every path is checked before the first byte is written.
        targets = [(artifact, _destination(directory, artifact.path)) for artifact in artifacts]
        size = sum(artifact.size for artifact in artifacts)
        with click.progressbar(
            length=size,
            label=f"downloading {len(artifacts)} file(s)",
            file=sys.stderr,
            hidden=not artifacts,
        ) as bar:
            for artifact, target in targets:
                client.artifacts.download(
                    exact,
                    artifact.path,
                    target,
                    expected_sha256=artifact.sha256,
                    progress=bar.update,
                )
    click.echo(
        f"{exact}: downloaded {len(artifacts)} file(s) ({size} bytes) into {directory}, "
        f"all digests verified; version digest sha256:{version.digest}"
    )


# --- audit ----------------------------------------------------------------------------------


@click.group()
def audit() -> None:
    """The tamper-evident audit chain."""


@audit.command("verify")
@click.option(
    "--local", is_flag=True, help="Verify the configured database directly, not via the server."
)
@_remote
@_reports_errors
def audit_verify(local: bool, url: str, token: str | None) -> None:
    """Recompute every hash of the chain; exit 1 naming the first broken event."""
    result: ChainVerification
    if local:
        # Imported here: main imports this module to register the commands.
        from modelreg.cli.local import local_registry

        registry = local_registry()
        try:
            result = registry.audit.verify()
        finally:
            registry.close()
    else:
        with Client(url, token) as client:
            result = client.audit.verify()
    if not result.ok:
        _die(f"audit chain broken at seq {result.first_broken_seq}: {result.reason}")
    click.echo(
        f"audit chain ok: {result.checked} event(s) verified; head seq {result.head_seq}, "
        f"hash {result.head_hash}"
    )
