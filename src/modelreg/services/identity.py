"""Users, roles and API tokens: creating them and authenticating bearer secrets."""

from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from modelreg.domain.access import Principal, Role
from modelreg.domain.errors import AlreadyExists, NotFound, WrongState, invalid
from modelreg.domain.ids import new_id
from modelreg.domain.tokens import hash_secret, new_secret
from modelreg.schemas.users import TokenIssued, TokenRead, UserRead
from modelreg.services.authentication import Authenticator
from modelreg.services.uow import Transactions
from modelreg.storage.tables import TokenRow, UserRoleRow, UserRow
from modelreg.storage.types import utcnow

USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{0,63}$")
SYSTEM_ACTOR = "system"


def _user_read(user: UserRow, roles: list[str]) -> UserRead:
    return UserRead(
        id=user.id,
        username=user.username,
        roles=sorted(Role(r) for r in roles),
        disabled=user.disabled,
        created_at=user.created_at,
    )


def _token_read(token: TokenRow, username: str) -> TokenRead:
    return TokenRead(
        id=token.id,
        username=username,
        label=token.label,
        created_at=token.created_at,
        expires_at=token.expires_at,
        revoked_at=token.revoked_at,
    )


def find_user(session: Session, username: str) -> UserRow:
    """Load a user by name or raise NotFound."""
    user = session.execute(select(UserRow).where(UserRow.username == username)).scalar_one_or_none()
    if user is None:
        raise NotFound(f"user {username!r} does not exist; create it with `modelreg users add`")
    return user


class IdentityService:
    """Creates users and tokens; turns a bearer secret into a Principal."""

    def __init__(self, tx: Transactions) -> None:
        self.tx = tx
        self.authenticator = Authenticator(tx.db)

    def create_user(self, *, actor: str, username: str, roles: frozenset[Role]) -> UserRead:
        """Create a user with roles; 409 if the name is taken."""
        if not USERNAME.match(username):
            raise invalid(
                "username",
                f"{username!r} is invalid: use 1–64 lowercase letters, digits, '.', '_' or '-', "
                "starting with a letter or digit",
            )
        with self.tx.write(actor) as uow:
            exists = uow.session.execute(
                select(UserRow.id).where(UserRow.username == username)
            ).first()
            if exists:
                raise AlreadyExists(f"user {username!r} already exists")
            user = UserRow(id=new_id(), username=username, created_at=utcnow(), disabled=False)
            uow.session.add(user)
            uow.session.flush()
            for role in sorted(roles):
                uow.session.add(UserRoleRow(user_id=user.id, role=role.value))
            # The chain records the pseudonymous id and roles, never the username.
            uow.audit("user.created", f"user:{user.id}", {"roles": sorted(r.value for r in roles)})
            return _user_read(user, [r.value for r in roles])

    def update_user(
        self,
        *,
        actor: str,
        username: str,
        roles: frozenset[Role] | None = None,
        disabled: bool | None = None,
    ) -> UserRead:
        """Replace a user's roles and/or (dis)able them; the last enabled admin stays."""
        if roles is None and disabled is None:
            raise invalid("body", "give roles or disabled to change")
        if roles is not None and not roles:
            raise invalid("roles", "a user needs at least one role")
        with self.tx.write(actor) as uow:
            s = uow.session
            user = s.execute(
                select(UserRow).where(UserRow.username == username).with_for_update()
            ).scalar_one_or_none()
            if user is None:
                raise NotFound(f"user {username!r} does not exist")
            held = set(
                s.execute(select(UserRoleRow.role).where(UserRoleRow.user_id == user.id)).scalars()
            )
            after = held if roles is None else {r.value for r in roles}
            ends_disabled = user.disabled if disabled is None else disabled
            still_admin = Role.ADMIN.value in after and not ends_disabled
            if Role.ADMIN.value in held and not still_admin:
                self._keep_an_admin(s, user.id)
            if roles is not None and {r.value for r in roles} != held:
                s.execute(delete(UserRoleRow).where(UserRoleRow.user_id == user.id))
                s.add_all(UserRoleRow(user_id=user.id, role=r.value) for r in sorted(roles))
                uow.audit(
                    "user.roles_changed",
                    f"user:{user.id}",
                    {"from": sorted(held), "to": sorted(r.value for r in roles)},
                )
                held = {r.value for r in roles}
            if disabled is not None and disabled != user.disabled:
                user.disabled = disabled
                uow.audit("user.disabled" if disabled else "user.enabled", f"user:{user.id}", {})
            s.flush()
            return _user_read(user, sorted(held))

    @staticmethod
    def _keep_an_admin(session: Session, leaving: str) -> None:
        """409 when `leaving` is the last enabled admin: nobody could manage users after."""
        others = session.execute(
            select(UserRow.id)
            .join(UserRoleRow, UserRoleRow.user_id == UserRow.id)
            .where(
                UserRoleRow.role == Role.ADMIN.value,
                UserRow.disabled.is_(False),
                UserRow.id != leaving,
            )
            .limit(1)
        ).first()
        if others is None:
            raise WrongState("this is the last enabled admin: make another user admin first")

    def list_users(self) -> list[UserRead]:
        """Every user with their roles."""
        with self.tx.read() as session:
            users = session.execute(select(UserRow).order_by(UserRow.username)).scalars().all()
            roles: dict[str, list[str]] = {}
            for user_id, role in session.execute(select(UserRoleRow.user_id, UserRoleRow.role)):
                roles.setdefault(user_id, []).append(role)
            return [_user_read(u, roles.get(u.id, [])) for u in users]

    def get_user(self, username: str) -> UserRead:
        """One user by name."""
        with self.tx.read() as session:
            user = find_user(session, username)
            roles = (
                session.execute(select(UserRoleRow.role).where(UserRoleRow.user_id == user.id))
                .scalars()
                .all()
            )
            return _user_read(user, list(roles))

    def count_users(self) -> int:
        """How many users exist (0 means a fresh installation)."""
        with self.tx.read() as session:
            return len(session.execute(select(UserRow.id).limit(1)).all())

    def issue_token(
        self, *, actor: str, username: str, expires_in: timedelta, label: str = ""
    ) -> TokenIssued:
        """Issue a token for `username`; the secret is returned once and stored only hashed."""
        if expires_in <= timedelta(0):
            raise invalid("expires_in", "must be positive")
        secret = new_secret()
        now = utcnow()
        with self.tx.write(actor) as uow:
            user = find_user(uow.session, username)
            token = TokenRow(
                id=new_id(),
                user_id=user.id,
                secret_hash=hash_secret(secret),
                created_at=now,
                expires_at=now + expires_in,
                revoked_at=None,
                label=label,
            )
            uow.session.add(token)
            uow.audit(
                "token.issued",
                f"user:{user.id}",
                {"token_id": token.id, "expires_at": token.expires_at.isoformat()},
            )
            read = _token_read(token, username)
        return TokenIssued(**read.model_dump(), token=secret)

    def list_tokens(self, username: str) -> list[TokenRead]:
        """The tokens of a user (never their secrets)."""
        with self.tx.read() as session:
            user = find_user(session, username)
            rows = (
                session.execute(
                    select(TokenRow)
                    .where(TokenRow.user_id == user.id)
                    .order_by(TokenRow.created_at)
                )
                .scalars()
                .all()
            )
            return [_token_read(t, username) for t in rows]

    def token_owner(self, token_id: str) -> str:
        """Username of a token's user; NotFound when the token does not exist."""
        with self.tx.read() as session:
            row = session.execute(
                select(UserRow.username)
                .join(TokenRow, TokenRow.user_id == UserRow.id)
                .where(TokenRow.id == token_id)
            ).scalar_one_or_none()
            if row is None:
                raise NotFound(f"token {token_id!r} does not exist")
            return row

    def revoke_token(self, *, actor: str, token_id: str) -> TokenRead:
        """Revoke a token at once; revoking twice is harmless."""
        with self.tx.write(actor) as uow:
            token = uow.session.get(TokenRow, token_id)
            if token is None:
                raise NotFound(f"token {token_id!r} does not exist")
            if token.revoked_at is None:
                token.revoked_at = utcnow()
                uow.audit("token.revoked", f"user:{token.user_id}", {"token_id": token.id})
            user = uow.session.get(UserRow, token.user_id)
            assert user is not None
            return _token_read(token, user.username)

    def authenticate(self, secret: str) -> Principal:
        """Resolve a bearer secret to a Principal, or raise Unauthenticated."""
        return self.authenticator.authenticate(secret)
