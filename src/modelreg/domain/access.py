"""Roles, permissions and who may do what: the one place access rules live."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Role(StrEnum):
    """A user's role; a user holds one or more."""

    MODEL_OWNER = "model_owner"
    MRC = "mrc"
    SECURITY_ARCHITECT = "security_architect"
    SRE = "sre"
    AUDITOR = "auditor"
    ADMIN = "admin"


class Permission(StrEnum):
    """What a route needs; every API route declares exactly one."""

    SESSION = "session"
    MODELS_READ = "models:read"
    MODELS_WRITE = "models:write"
    ARTIFACTS_READ = "artifacts:read"
    ARTIFACTS_WRITE = "artifacts:write"
    AUDIT_READ = "audit:read"
    PROMOTIONS_REQUEST = "promotions:request"
    PROMOTIONS_APPROVE = "promotions:approve"
    POLICIES_READ = "policies:read"
    POLICIES_WRITE = "policies:write"
    USERS_READ = "users:read"
    USERS_ADMIN = "users:admin"
    SCANS_READ = "scans:read"
    SCANS_RUN = "scans:run"
    SECURITY_WRITE = "security:write"
    NOTIFICATIONS_READ = "notifications:read"
    DEPLOYMENTS_CHECK = "deployments:check"


_READ = {
    Permission.SESSION,
    Permission.MODELS_READ,
    Permission.ARTIFACTS_READ,
    Permission.POLICIES_READ,
    Permission.SCANS_READ,
    Permission.DEPLOYMENTS_CHECK,
}

ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    # Owners write, but only to models they own: the ownership check lives in `may_change_model`.
    Role.MODEL_OWNER: frozenset(
        _READ
        | {
            Permission.MODELS_WRITE,
            Permission.ARTIFACTS_WRITE,
            Permission.USERS_READ,
            Permission.PROMOTIONS_REQUEST,
            Permission.SCANS_RUN,
        }
    ),
    Role.MRC: frozenset(
        _READ
        | {
            Permission.AUDIT_READ,
            Permission.USERS_READ,
            Permission.PROMOTIONS_APPROVE,
            Permission.NOTIFICATIONS_READ,
        }
    ),
    Role.SECURITY_ARCHITECT: frozenset(
        _READ
        | {
            Permission.AUDIT_READ,
            Permission.USERS_READ,
            Permission.PROMOTIONS_APPROVE,
            Permission.POLICIES_WRITE,
            Permission.SCANS_RUN,
            Permission.SECURITY_WRITE,
            Permission.NOTIFICATIONS_READ,
        }
    ),
    # SREs run deployments: the deploy check and reading scans and policies (to understand a
    # refusal) are part of the shared read set; they change nothing.
    Role.SRE: frozenset(_READ),
    # Auditors read everything and write nothing.
    Role.AUDITOR: frozenset(
        _READ | {Permission.AUDIT_READ, Permission.USERS_READ, Permission.NOTIFICATIONS_READ}
    ),
    # Separation of duties: administrators run the registry but make no security judgement.
    # `security:write` accepts findings (exceptions), decides which signers are trusted and which
    # licenses are allowed, so it stays with security architects; an admin who must do it has to
    # be given that role, which is itself an audited change.
    Role.ADMIN: frozenset(set(Permission) - {Permission.SECURITY_WRITE}),
}

# One line per permission for docs/permissions.md (`make docs`); a missing one fails the docs test.
PERMISSION_MEANINGS: dict[Permission, str] = {
    Permission.SESSION: "Who am I; list, issue and revoke your own tokens.",
    Permission.MODELS_READ: "Read and search models, versions, lineage, cards, "
    "promotions, decisions and history.",
    Permission.MODELS_WRITE: "Register, change and seal models and versions; edit "
    "lineage and card annotations.",
    Permission.ARTIFACTS_READ: "List and download artifacts.",
    Permission.ARTIFACTS_WRITE: "Upload artifacts, signature bundles and container SBOMs.",
    Permission.AUDIT_READ: "Read and verify the audit chain.",
    Permission.PROMOTIONS_REQUEST: "Ask for a version to be promoted.",
    Permission.PROMOTIONS_APPROVE: "Approve or reject a promotion in a role the stage requires.",
    Permission.POLICIES_READ: "Read policy sets and dry-run a draft policy against a version.",
    Permission.POLICIES_WRITE: "Upload and activate policy sets.",
    Permission.USERS_READ: "List and look up users.",
    Permission.USERS_ADMIN: "Create users.",
    Permission.SCANS_READ: "Read scans, findings, exceptions, SBOMs, signatures, "
    "trusted signers, license lists and advisory status.",
    Permission.SCANS_RUN: "Queue a re-scan of a sealed version.",
    Permission.SECURITY_WRITE: "Grant and revoke finding exceptions; set trusted signers and "
    "license lists.",
    Permission.NOTIFICATIONS_READ: "Read security notifications.",
    Permission.DEPLOYMENTS_CHECK: "Ask the gate whether a digest may be deployed (audited).",
}


@dataclass(frozen=True)
class Principal:
    """The authenticated caller: a pseudonymous user id, a login name and roles."""

    user_id: str
    username: str
    roles: frozenset[Role]

    @property
    def permissions(self) -> frozenset[Permission]:
        """Union of the permissions of every role held."""
        perms: set[Permission] = set()
        for role in self.roles:
            perms |= ROLE_PERMISSIONS[role]
        return frozenset(perms)

    def can(self, permission: Permission) -> bool:
        """True when one of the caller's roles grants `permission`."""
        return permission in self.permissions

    @property
    def is_admin(self) -> bool:
        """True for administrators, who may change any model."""
        return Role.ADMIN in self.roles


def may_change_model(principal: Principal, owner_ids: set[str]) -> bool:
    """Owners change only their own models; admins change any."""
    if principal.is_admin:
        return True
    return principal.can(Permission.MODELS_WRITE) and principal.user_id in owner_ids


def may_download_flagged(principal: Principal, owner_ids: set[str]) -> bool:
    """Owners (to fix) and security architects (to triage) may fetch a version with blocking
    findings when download enforcement is on; everyone else is refused."""
    return principal.user_id in owner_ids or Role.SECURITY_ARCHITECT in principal.roles


def parse_roles(values: list[str]) -> frozenset[Role]:
    """Parse role names, raising ValueError that lists the valid roles."""
    roles: set[Role] = set()
    for value in values:
        try:
            roles.add(Role(value))
        except ValueError:
            valid = ", ".join(r.value for r in Role)
            raise ValueError(f"unknown role {value!r}: use one of {valid}") from None
    if not roles:
        raise ValueError("at least one role is required")
    return frozenset(roles)
