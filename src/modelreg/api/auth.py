"""Bearer authentication and per-route permissions: deny by default."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from modelreg.domain.access import Permission, Principal
from modelreg.domain.errors import PermissionDenied, Unauthenticated

_bearer = HTTPBearer(auto_error=False, description="An API token from `modelreg tokens issue`.")


# Refusals of these are evidence for governance reviews, so they are written to the audit chain.
AUDITED_REFUSALS = {
    Permission.PROMOTIONS_REQUEST,
    Permission.PROMOTIONS_APPROVE,
    Permission.POLICIES_WRITE,
    Permission.SECURITY_WRITE,
}


class Require:
    """A route dependency that authenticates the caller and demands one permission."""

    def __init__(self, permission: Permission) -> None:
        self.permission = permission

    def __call__(
        self,
        request: Request,
        credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
    ) -> Principal:
        """Return the caller, or raise 401/403 saying what is missing."""
        if (
            credentials is None
            or credentials.scheme.lower() != "bearer"
            or not credentials.credentials
        ):
            raise Unauthenticated(
                "send 'Authorization: Bearer <token>'; get a token with `modelreg tokens issue`"
            )
        principal: Principal = request.app.state.registry.identity.authenticate(
            credentials.credentials
        )
        request.scope["modelreg.actor"] = principal.user_id
        if not principal.can(self.permission):
            roles = ", ".join(sorted(principal.roles)) or "none"
            denied = PermissionDenied(
                f"this needs the '{self.permission}' permission, which your roles ({roles}) "
                "do not grant"
            )
            if self.permission in AUDITED_REFUSALS:
                request.app.state.registry.audit.record_refusal(
                    actor=principal.user_id,
                    subject=f"route:{request.method} {request.url.path}",
                    details={"permission": self.permission.value, "reason": denied.detail},
                )
            raise denied
        return principal


Session = Annotated[Principal, Depends(Require(Permission.SESSION))]
ReadModels = Annotated[Principal, Depends(Require(Permission.MODELS_READ))]
WriteModels = Annotated[Principal, Depends(Require(Permission.MODELS_WRITE))]
ReadArtifacts = Annotated[Principal, Depends(Require(Permission.ARTIFACTS_READ))]
WriteArtifacts = Annotated[Principal, Depends(Require(Permission.ARTIFACTS_WRITE))]
ReadAudit = Annotated[Principal, Depends(Require(Permission.AUDIT_READ))]
ReadUsers = Annotated[Principal, Depends(Require(Permission.USERS_READ))]
AdminUsers = Annotated[Principal, Depends(Require(Permission.USERS_ADMIN))]
RequestPromotions = Annotated[Principal, Depends(Require(Permission.PROMOTIONS_REQUEST))]
ApprovePromotions = Annotated[Principal, Depends(Require(Permission.PROMOTIONS_APPROVE))]
ReadPolicies = Annotated[Principal, Depends(Require(Permission.POLICIES_READ))]
WritePolicies = Annotated[Principal, Depends(Require(Permission.POLICIES_WRITE))]
ReadScans = Annotated[Principal, Depends(Require(Permission.SCANS_READ))]
RunScans = Annotated[Principal, Depends(Require(Permission.SCANS_RUN))]
WriteSecurity = Annotated[Principal, Depends(Require(Permission.SECURITY_WRITE))]
ReadNotifications = Annotated[Principal, Depends(Require(Permission.NOTIFICATIONS_READ))]
CheckDeployments = Annotated[Principal, Depends(Require(Permission.DEPLOYMENTS_CHECK))]
