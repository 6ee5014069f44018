"""Model signatures, trusted signers and the verification summary of a version."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Header, Query, Request
from starlette.concurrency import run_in_threadpool

from modelreg.api.auth import ReadScans, WriteArtifacts, WriteSecurity
from modelreg.api.routers.common import GroupPath, NamePath, VersionPath, problems, registry
from modelreg.domain.errors import PayloadTooLarge
from modelreg.schemas.signatures import (
    AttestationKeyRead,
    RegistrySignatureRead,
    SignatureRead,
    TrustedSignerCreate,
    TrustedSignerRead,
    VerificationRead,
)
from modelreg.services.signatures import MAX_BUNDLE_BYTES

router = APIRouter(prefix="/api/v1", tags=["security"])
VERSION = "/models/{group}/{name}/versions/{version}"


def _too_large(size: int) -> PayloadTooLarge:
    return PayloadTooLarge(
        f"the signature bundle is {size} bytes or more; at most {MAX_BUNDLE_BYTES} are accepted"
    )


@router.put(
    VERSION + "/signature",
    response_model=SignatureRead,
    status_code=201,
    responses=problems(404, 413, 422),
    summary="Upload a model signature",
    openapi_extra={
        "requestBody": {
            "description": "The Sigstore bundle that `model_signing sign` wrote (≤ 1 MiB).",
            "content": {"application/json": {"schema": {"type": "object"}}},
            "required": True,
        }
    },
)
async def upload_signature(
    request: Request,
    group: GroupPath,
    name: NamePath,
    version: VersionPath,
    principal: WriteArtifacts,
    content_length: Annotated[int | None, Header(include_in_schema=False)] = None,
) -> SignatureRead:
    """Store the model-signing bundle of a version (owners only); the newest one counts."""
    if content_length is not None and content_length > MAX_BUNDLE_BYTES:
        raise _too_large(content_length)
    body = bytearray()
    async for piece in request.stream():
        body += piece
        if len(body) > MAX_BUNDLE_BYTES:
            raise _too_large(len(body))
    return await run_in_threadpool(
        registry(request).signatures.upload, principal, group, name, version, bytes(body)
    )


@router.get(
    VERSION + "/signature",
    response_model=SignatureRead,
    responses=problems(404, 422),
    summary="Get a version's model signature",
)
def get_signature(
    request: Request, group: GroupPath, name: NamePath, version: VersionPath, principal: ReadScans
) -> SignatureRead:
    """The newest signature bundle uploaded for the version."""
    return registry(request).signatures.get(group, name, version)


@router.get(
    VERSION + "/registry-signature",
    response_model=RegistrySignatureRead,
    responses=problems(404, 422, 503),
    summary="Get the registry's signature of a version",
)
def get_registry_signature(
    request: Request, group: GroupPath, name: NamePath, version: VersionPath, principal: ReadScans
) -> RegistrySignatureRead:
    """The model-signing bundle the registry made over the manifest when the version was sealed."""
    return registry(request).signatures.registry_signature(group, name, version)


@router.get(
    VERSION + "/verification",
    response_model=VerificationRead,
    responses=problems(404, 422),
    summary="Verify a version's signature and attestations",
)
def get_verification(
    request: Request, group: GroupPath, name: NamePath, version: VersionPath, principal: ReadScans
) -> VerificationRead:
    """Signature scan status, and every registry attestation re-verified against the key."""
    return registry(request).signatures.verification(group, name, version)


@router.get(
    "/security/trusted-signers",
    response_model=list[TrustedSignerRead],
    responses=problems(422),
    summary="List trusted signers",
)
def list_trusted_signers(
    request: Request,
    principal: ReadScans,
    include_revoked: Annotated[bool, Query(description="Also list revoked signers.")] = False,
) -> list[TrustedSignerRead]:
    """The keys and certificate identities whose model signatures count, by name."""
    return registry(request).signatures.list_signers(include_revoked=include_revoked)


@router.post(
    "/security/trusted-signers",
    response_model=TrustedSignerRead,
    status_code=201,
    responses=problems(409, 422),
    summary="Trust a signer",
)
def add_trusted_signer(
    request: Request, body: TrustedSignerCreate, principal: WriteSecurity
) -> TrustedSignerRead:
    """Trust an ECDSA public key, or a CA bundle plus a signer identity (security architects)."""
    return registry(request).signatures.add_signer(principal, body)


@router.delete(
    "/security/trusted-signers/{name}",
    response_model=TrustedSignerRead,
    responses=problems(404, 409),
    summary="Revoke a trusted signer",
)
def revoke_trusted_signer(
    request: Request, name: str, principal: WriteSecurity
) -> TrustedSignerRead:
    """Stop trusting a signer; versions it verified are scanned again."""
    return registry(request).signatures.revoke_signer(principal, name)


@router.get(
    "/security/attestation-key",
    response_model=AttestationKeyRead,
    responses=problems(503),
    summary="Get the registry's attestation key",
)
def get_attestation_key(request: Request, principal: ReadScans) -> AttestationKeyRead:
    """The public key that verifies registry attestations; pin it for offline checks."""
    return registry(request).signatures.attestation_key()
