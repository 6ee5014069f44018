"""The `modelreg` command: serving, admin commands on the configured database, and the
lazily loaded commands that talk to a server or act on the data directory."""

from __future__ import annotations

import os
import sys
from datetime import timedelta
from typing import TYPE_CHECKING

import click

from modelreg import __version__
from modelreg.cli.lazy import LazyCommand, LazyGroup
from modelreg.cli.local import fail, local_registry
from modelreg.domain.access import parse_roles
from modelreg.domain.errors import ModelregError
from modelreg.domain.tokens import parse_duration

if TYPE_CHECKING:
    from modelreg.wiring import Registry
    from modelreg.worker.supervisor import Supervisor


# Settings, the database stack and Alembic are imported inside the commands that use them,
# and every other command module only when its command runs: every CLI call pays for module
# imports, `--help` needs none, and remote commands need only the SDK.

_REMOTE = "modelreg.cli.remote"
_CATALOG = "modelreg.cli.catalog_cmds"
_GOVERNANCE = "modelreg.cli.governance_cmds"
_SECURITY = "modelreg.cli.security_cmds"

# name -> where the command lives and its one-line help (tests/unit/test_cli_lazy.py checks
# that each line is the command's own short help).
LAZY_COMMANDS = {
    "push": LazyCommand(
        _REMOTE, "push", "Upload DIRECTORY as a version's artifacts, skipping unchanged files."
    ),
    "pull": LazyCommand(
        _REMOTE, "pull", "Download a version's artifacts into DIRECTORY, verifying every SHA-256."
    ),
    "audit": LazyCommand(_REMOTE, "audit", "The tamper-evident audit chain."),
    "models": LazyCommand(_CATALOG, "models", "Register, change and browse models."),
    "versions": LazyCommand(
        _CATALOG, "versions", "Create and inspect versions (with lineage and metadata)."
    ),
    "lineage": LazyCommand(_CATALOG, "lineage", "Upstream links of versions: list and add."),
    "card": LazyCommand(_CATALOG, "card", "Model cards: print, and annotate their sections."),
    "promote": LazyCommand(
        _GOVERNANCE, "promote", "Request a promotion; exit 3 when the policy blocks it."
    ),
    "approve": LazyCommand(
        _GOVERNANCE, "approve", "Approve promotion ID; it executes once every condition holds."
    ),
    "reject": LazyCommand(
        _GOVERNANCE,
        "reject",
        "Reject promotion ID (a rejected submission moves the version to `rejected`).",
    ),
    "promotions": LazyCommand(_GOVERNANCE, "promotions", "Promotion requests."),
    "policies": LazyCommand(_GOVERNANCE, "policies", "Policy sets: upload, show, test drafts."),
    "decisions": LazyCommand(_GOVERNANCE, "decisions", "Decision records: show and replay."),
    "history": LazyCommand(
        _GOVERNANCE,
        "history",
        "A version's stage history, or which versions of a model were in which stage --at TIME.",
    ),
    "scan": LazyCommand(
        _SECURITY,
        "scan",
        "Show a version's scan results and findings (exit 3 if any finding blocks, 4 if --wait "
        "ran out before the scans finished).",
    ),
    "exceptions": LazyCommand(
        _SECURITY, "exceptions", "Time-limited security exceptions for findings."
    ),
    "sbom": LazyCommand(_SECURITY, "sbom", "ML-BOMs and container SBOMs."),
    "deploy-check": LazyCommand(
        _SECURITY,
        "deploy_check",
        "Ask the gate whether DIGEST may be deployed now (exit 3 when refused).",
    ),
    "license-policy": LazyCommand(
        _SECURITY, "license_policy", "The license allow / deny / needs-review lists."
    ),
    "notifications": LazyCommand(_SECURITY, "notifications", "Notifications, newest first."),
    "advisories": LazyCommand(
        _SECURITY,
        "advisories",
        "The local OSV advisory database (acts on the configured database directly).",
    ),
    "worker": LazyCommand(
        _SECURITY,
        "worker",
        "Run scan jobs from the database (start several for more throughput).",
    ),
    "keys": LazyCommand(
        "modelreg.cli.keys_cmds",
        "keys",
        "Key-encryption keys: list, rotate, retire (act on MODELREG_HOME directly).",
    ),
    "verify": LazyCommand(
        "modelreg.cli.verify_cmd",
        "verify",
        "Verify a version's files, signatures and registry attestations; exit 0 only if all do.",
    ),
}


class Cli(LazyGroup):
    """A group that turns registry errors into one-line messages instead of tracebacks."""

    def invoke(self, ctx: click.Context) -> object:
        """Run the command, mapping ModelregError to a clear message and exit code 1."""
        try:
            return super().invoke(ctx)
        except ModelregError as exc:
            click.echo(f"error: {exc.detail}", err=True)
            for field_error in exc.errors:
                loc = ".".join(str(p) for p in field_error.loc)
                click.echo(f"  {loc}: {field_error.msg}", err=True)
            sys.exit(1)


@click.group(cls=Cli, lazy_commands=LAZY_COMMANDS)
@click.version_option(__version__, prog_name="modelreg")
def cli() -> None:
    """modelreg: an AI model registry with governance built in."""


@cli.command()
@click.option("--host", default=None, help="Interface to bind (default 127.0.0.1).")
@click.option("--port", default=None, type=int, help="Port (default 8740).")
@click.option("--workers", default=1, show_default=True, help="API worker processes.")
@click.option(
    "--scan-worker/--no-scan-worker",
    default=True,
    show_default=True,
    help="Also run a background scan worker (a child process; scans never run in the API).",
)
def serve(host: str | None, port: int | None, workers: int, scan_worker: bool) -> None:
    """Migrate the database, create the first admin if needed, and serve the API and console."""
    from modelreg import webui
    from modelreg.config import Settings
    from modelreg.services.bootstrap import ensure_admin

    settings = Settings()
    host = host or settings.host
    port = port or settings.port
    registry = local_registry()
    issued = ensure_admin(registry.identity, ttl=timedelta(days=settings.token_default_ttl_days))
    active_policy = registry.policies.active()  # installs the default pack on first start
    # Uploads interrupted by a crash leave temp files; an hour untouched means nobody writes them.
    swept = registry.blobs.sweep_temp(older_than_seconds=registry.settings.stale_upload_seconds)
    url = f"http://{'127.0.0.1' if host in ('0.0.0.0', '::') else host}:{port}"  # noqa: S104
    click.echo(f"modelreg {__version__} serving at {url}  (API docs: {url}/docs)")
    built = webui.is_built(webui.static_dir())
    click.echo(f"console: {url}/" + ("" if built else "  (not built: run `make web`)"))
    click.echo(f"data directory: {settings.home}")
    click.echo(f"database: {registry.db.engine.url.render_as_string(hide_password=True)}")
    click.echo(f"policy set: {active_policy.name} (version {active_policy.number})")
    if swept:
        click.echo(f"removed {swept} stale upload temp file(s)")
    if issued is not None:
        click.echo(f"admin token (shown once, store it now): {issued.token}")
    sys.stdout.flush()
    supervisor = _start_scan_worker(registry) if scan_worker else None
    try:
        _serve_api(registry, host, port, workers)
    finally:
        if supervisor is not None:
            supervisor.stop()


def _start_scan_worker(registry: Registry) -> Supervisor:
    """Start `modelreg worker` beside the API (same environment), restarted whenever it exits."""
    import logging
    import socket

    from modelreg.worker.supervisor import Restart, Supervisor

    # Restarts are logged to stderr with a timestamp (as the worker logs its own lines).
    logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(name)s %(message)s")
    host = socket.gethostname()

    def audit(restart: Restart) -> None:
        registry.workers.record_restart(
            host=host,
            previous_pid=restart.previous_pid,
            pid=restart.pid,
            exit_code=restart.exit_code,
            signal=restart.signal,
            attempt=restart.attempt,
            delay_seconds=restart.delay_seconds,
            uptime_seconds=restart.uptime_seconds,
        )

    supervisor = Supervisor(
        [sys.executable, "-m", "modelreg", "worker", "--parent-pid", str(os.getpid())], audit
    )
    supervisor.start()
    click.echo(f"scan worker: started (a separate process, pid {supervisor.pid}, supervised)")
    sys.stdout.flush()
    return supervisor


def _serve_api(registry: Registry, host: str, port: int, workers: int) -> None:
    import uvicorn

    from modelreg.api.app import create_app

    if workers > 1:
        registry.close()
        uvicorn.run(
            "modelreg.api.asgi:create",
            factory=True,
            host=host,
            port=port,
            workers=workers,
            log_level="warning",
            access_log=False,
        )
    else:
        uvicorn.run(
            create_app(registry), host=host, port=port, log_level="warning", access_log=False
        )


@cli.group()
def db() -> None:
    """Database schema commands (act on MODELREG_DATABASE_URL directly)."""


@db.command("upgrade")
def db_upgrade() -> None:
    """Upgrade the schema to the newest revision."""
    from modelreg.config import Settings
    from modelreg.storage import migrate
    from modelreg.wiring import build_database

    settings = Settings()
    database = build_database(settings)
    migrate.upgrade(database.engine)
    click.echo(f"database at revision {migrate.current_revision(database.engine)}")


@db.command("current")
def db_current() -> None:
    """Print the schema revision."""
    from modelreg.config import Settings
    from modelreg.storage import migrate
    from modelreg.wiring import build_database

    database = build_database(Settings())
    click.echo(migrate.current_revision(database.engine) or "empty")


@cli.group()
def users() -> None:
    """Manage users (acts on the configured database directly)."""


@users.command("add")
@click.argument("name")
@click.option(
    "--role",
    "roles",
    multiple=True,
    required=True,
    help="model_owner, mrc, security_architect, sre, auditor or admin; repeatable.",
)
def users_add(name: str, roles: tuple[str, ...]) -> None:
    """Create user NAME with one or more roles."""
    try:
        parsed = parse_roles(list(roles))
    except ValueError as exc:
        fail(str(exc))
        return
    user = local_registry().identity.create_user(actor="system", username=name, roles=parsed)
    click.echo(f"created user {user.username} ({', '.join(user.roles)}), id {user.id}")


@users.command("set-roles")
@click.argument("name")
@click.option(
    "--role", "roles", multiple=True, required=True, help="Replaces all roles; repeatable."
)
def users_set_roles(name: str, roles: tuple[str, ...]) -> None:
    """Replace user NAME's roles (approvals they gave stop counting for roles they lose)."""
    try:
        parsed = parse_roles(list(roles))
    except ValueError as exc:
        fail(str(exc))
        return
    user = local_registry().identity.update_user(actor="system", username=name, roles=parsed)
    click.echo(f"{user.username}: {', '.join(user.roles)}")


@users.command("disable")
@click.argument("name")
def users_disable(name: str) -> None:
    """Disable user NAME: their tokens stop working and their approvals stop counting."""
    local_registry().identity.update_user(actor="system", username=name, disabled=True)
    click.echo(f"disabled {name}")


@users.command("enable")
@click.argument("name")
def users_enable(name: str) -> None:
    """Enable user NAME again."""
    local_registry().identity.update_user(actor="system", username=name, disabled=False)
    click.echo(f"enabled {name}")


@users.command("list")
def users_list() -> None:
    """List users and roles."""
    for user in local_registry().identity.list_users():
        click.echo(f"{user.username}\t{','.join(user.roles)}\t{user.id}")


@cli.group()
def tokens() -> None:
    """Manage API tokens (acts on the configured database directly)."""


@tokens.command("issue")
@click.argument("name")
@click.option("--expires-in", default="90d", show_default=True, help="e.g. 30d, 12h, 45m.")
@click.option("--label", default="", help="What the token is for.")
def tokens_issue(name: str, expires_in: str, label: str) -> None:
    """Issue a token for user NAME; prints only the secret, once."""
    try:
        ttl = parse_duration(expires_in)
    except ValueError as exc:
        fail(str(exc))
        return
    issued = local_registry().identity.issue_token(
        actor="system", username=name, expires_in=ttl, label=label
    )
    click.echo(f"token {issued.id} expires {issued.expires_at.isoformat()}", err=True)
    click.echo(issued.token)


@tokens.command("list")
@click.argument("name")
def tokens_list(name: str) -> None:
    """List the tokens of user NAME (never their secrets)."""
    for token in local_registry().identity.list_tokens(name):
        state = "revoked" if token.revoked_at else f"expires {token.expires_at.isoformat()}"
        click.echo(f"{token.id}\t{state}\t{token.label}")


@tokens.command("revoke")
@click.argument("token_id")
def tokens_revoke(token_id: str) -> None:
    """Revoke token TOKEN_ID at once."""
    token = local_registry().identity.revoke_token(actor="system", token_id=token_id)
    click.echo(f"revoked token {token.id} of {token.username}")
