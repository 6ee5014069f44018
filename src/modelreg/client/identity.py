"""Users and API tokens."""

from __future__ import annotations

import builtins
from urllib.parse import quote

from modelreg.client.http import API, Http, idempotency
from modelreg.schemas.users import TokenCreate, TokenIssued, TokenRead, UserCreate, UserRead


def _user_url(username: str) -> str:
    return f"{API}/users/{quote(username, safe='')}"


class UsersApi:
    """`/api/v1/users`: accounts and their roles."""

    def __init__(self, http: Http) -> None:
        self._http = http

    def list(self) -> builtins.list[UserRead]:
        """Every user with roles."""
        return [
            UserRead.model_validate(u) for u in self._http.request("GET", f"{API}/users").json()
        ]

    def create(self, body: UserCreate, *, idempotency_key: str | None = None) -> UserRead:
        """Create a user with one or more roles (admins only)."""
        response = self._http.request(
            "POST",
            f"{API}/users",
            json=body.model_dump(mode="json"),
            headers=idempotency(idempotency_key),
        )
        return UserRead.model_validate(response.json())

    def get(self, username: str) -> UserRead:
        """One user by name."""
        return UserRead.model_validate(self._http.request("GET", _user_url(username)).json())


class TokensApi:
    """API tokens: yours, or anyone's for an admin."""

    def __init__(self, http: Http) -> None:
        self._http = http

    def list(self, username: str) -> builtins.list[TokenRead]:
        """A user's tokens (never their secrets)."""
        response = self._http.request("GET", f"{_user_url(username)}/tokens")
        return [TokenRead.model_validate(t) for t in response.json()]

    def issue(self, username: str, body: TokenCreate | None = None) -> TokenIssued:
        """Issue a token; its secret is in the result only, store it now."""
        response = self._http.request(
            "POST",
            f"{_user_url(username)}/tokens",
            json=(body or TokenCreate()).model_dump(mode="json"),
        )
        return TokenIssued.model_validate(response.json())

    def revoke(self, token_id: str) -> TokenRead:
        """Revoke a token at once."""
        response = self._http.request("DELETE", f"{API}/tokens/{quote(token_id, safe='')}")
        return TokenRead.model_validate(response.json())
