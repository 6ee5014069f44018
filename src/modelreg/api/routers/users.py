"""Users and tokens over HTTP (the CLI offers the same on the server host without a token)."""

from __future__ import annotations

from datetime import timedelta

from fastapi import APIRouter, Request, Response

from modelreg.api.auth import AdminUsers, ReadUsers, Session
from modelreg.api.idempotency import IdempotencyKey, run_idempotent
from modelreg.api.routers.common import problems, registry
from modelreg.domain.errors import PermissionDenied
from modelreg.schemas.users import (
    MeRead,
    TokenCreate,
    TokenIssued,
    TokenRead,
    UserCreate,
    UserRead,
    UserUpdate,
)

router = APIRouter(prefix="/api/v1", tags=["users"])


@router.get("/me", response_model=MeRead, responses=problems(), summary="The caller")
def me(request: Request, principal: Session) -> MeRead:
    """Who the token belongs to, with roles and the permissions they grant."""
    user = registry(request).identity.get_user(principal.username)
    return MeRead(**user.model_dump(), permissions=sorted(principal.permissions))


@router.get("/users", response_model=list[UserRead], responses=problems(), summary="List users")
def list_users(request: Request, principal: ReadUsers) -> list[UserRead]:
    """Every user with roles."""
    return registry(request).identity.list_users()


@router.post(
    "/users",
    response_model=UserRead,
    status_code=201,
    responses=problems(409, 422),
    summary="Create a user",
)
def create_user(
    request: Request,
    body: UserCreate,
    principal: AdminUsers,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    """Create a user with roles (admin only)."""
    return run_idempotent(
        request,
        principal,
        idempotency_key,
        body,
        lambda: registry(request).identity.create_user(
            actor=principal.user_id, username=body.username, roles=frozenset(body.roles)
        ),
    )


@router.patch(
    "/users/{username}",
    response_model=UserRead,
    responses=problems(404, 409, 422),
    summary="Change a user's roles or disable them",
)
def update_user(
    request: Request, username: str, body: UserUpdate, principal: AdminUsers
) -> UserRead:
    """Replace roles and/or (dis)able the account (admin only); audited."""
    return registry(request).identity.update_user(
        actor=principal.user_id,
        username=username,
        roles=frozenset(body.roles) if body.roles is not None else None,
        disabled=body.disabled,
    )


@router.get(
    "/users/{username}", response_model=UserRead, responses=problems(404), summary="Get a user"
)
def get_user(request: Request, username: str, principal: ReadUsers) -> UserRead:
    """One user by name."""
    return registry(request).identity.get_user(username)


@router.get(
    "/users/{username}/tokens",
    response_model=list[TokenRead],
    responses=problems(404),
    summary="List a user's tokens",
)
def list_tokens(request: Request, username: str, principal: Session) -> list[TokenRead]:
    """Tokens of a user (yours, or anyone's for an admin); secrets are never shown."""
    if username != principal.username and not principal.is_admin:
        raise PermissionDenied("you may list only your own tokens")
    return registry(request).identity.list_tokens(username)


@router.post(
    "/users/{username}/tokens",
    response_model=TokenIssued,
    status_code=201,
    responses=problems(404, 422),
    summary="Issue a token",
)
def issue_token(
    request: Request,
    username: str,
    body: TokenCreate,
    principal: Session,
) -> TokenIssued:
    """Issue a token for yourself (or anyone, as admin); the secret is in this response only."""
    if username != principal.username and not principal.is_admin:
        raise PermissionDenied("you may issue tokens only for yourself")
    return registry(request).identity.issue_token(
        actor=principal.user_id,
        username=username,
        expires_in=timedelta(days=body.expires_in_days),
        label=body.label,
    )


@router.delete(
    "/tokens/{token_id}",
    response_model=TokenRead,
    responses=problems(404),
    summary="Revoke a token",
)
def revoke_token(request: Request, token_id: str, principal: Session) -> TokenRead:
    """Revoke one of your tokens (or anyone's, as admin) at once."""
    identity = registry(request).identity
    if identity.token_owner(token_id) != principal.username and not principal.is_admin:
        raise PermissionDenied("you may revoke only your own tokens")
    return identity.revoke_token(actor=principal.user_id, token_id=token_id)
