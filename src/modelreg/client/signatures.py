"""Model signatures, trusted signers, attestations and the verification summary."""

from __future__ import annotations

import builtins
import json
import os
from pathlib import Path
from typing import Any
from urllib.parse import quote

from modelreg.client.http import API, Http, version_url
from modelreg.domain.names import VersionRef
from modelreg.schemas.signatures import (
    AttestationKeyRead,
    SignatureRead,
    TrustedSignerCreate,
    TrustedSignerRead,
    VerificationRead,
)


class SignaturesApi:
    """Uploading and reading model signatures; trusted signers; registry attestations."""

    def __init__(self, http: Http) -> None:
        self._http = http

    def upload(
        self, ref: str | VersionRef, bundle: bytes | str | os.PathLike[str] | dict[str, Any]
    ) -> SignatureRead:
        """Upload a version's model-signing bundle: raw bytes, a parsed dict, or a file path."""
        if isinstance(bundle, dict):
            body = json.dumps(bundle).encode("utf-8")
        elif isinstance(bundle, bytes):
            body = bundle
        else:
            body = Path(bundle).read_bytes()
        response = self._http.request(
            "PUT",
            f"{version_url(ref)}/signature",
            content=body,
            headers={"Content-Type": "application/json"},
        )
        return SignatureRead.model_validate(response.json())

    def get(self, ref: str | VersionRef) -> SignatureRead:
        """The newest signature uploaded for a version (ApiError 404 when there is none)."""
        response = self._http.request("GET", f"{version_url(ref)}/signature")
        return SignatureRead.model_validate(response.json())

    def verification(self, ref: str | VersionRef) -> VerificationRead:
        """The server's view: signature scan status and attestations re-verified by it."""
        response = self._http.request("GET", f"{version_url(ref)}/verification")
        return VerificationRead.model_validate(response.json())

    def attestation_key(self) -> AttestationKeyRead:
        """The registry's public attestation key."""
        response = self._http.request("GET", f"{API}/security/attestation-key")
        return AttestationKeyRead.model_validate(response.json())

    def trusted_signers(self, *, include_revoked: bool = False) -> builtins.list[TrustedSignerRead]:
        """Trusted signers by name (active ones unless `include_revoked`)."""
        response = self._http.request(
            "GET",
            f"{API}/security/trusted-signers",
            params={"include_revoked": include_revoked},
        )
        return [TrustedSignerRead.model_validate(item) for item in response.json()]

    def add_trusted_signer(self, body: TrustedSignerCreate) -> TrustedSignerRead:
        """Trust an ECDSA key or a CA plus identity (security architects)."""
        response = self._http.request(
            "POST", f"{API}/security/trusted-signers", json=body.model_dump(mode="json")
        )
        return TrustedSignerRead.model_validate(response.json())

    def revoke_trusted_signer(self, name: str) -> TrustedSignerRead:
        """Stop trusting a signer (security architects)."""
        response = self._http.request(
            "DELETE", f"{API}/security/trusted-signers/{quote(name, safe='')}"
        )
        return TrustedSignerRead.model_validate(response.json())
