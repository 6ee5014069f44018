"""Artifact security: scans and findings, exceptions, SBOMs, license lists, deploy checks,
advisories and notifications."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request, Response
from fastapi.concurrency import run_in_threadpool

from modelreg.api.auth import (
    CheckDeployments,
    ReadNotifications,
    ReadScans,
    RunScans,
    WriteArtifacts,
    WriteSecurity,
)
from modelreg.api.routers.common import GroupPath, NamePath, VersionPath, problems, registry
from modelreg.domain.errors import PayloadTooLarge, WrongState
from modelreg.sbom.limits import MAX_SBOM_BYTES
from modelreg.schemas.common import Rfc3339
from modelreg.schemas.security import (
    AdvisoryStatus,
    ContainerSbomRead,
    DeployCheck,
    DeployVerdict,
    ExceptionCreate,
    ExceptionRead,
    FindingRead,
    LicenseLists,
    LicensePolicyRead,
    NotificationRead,
    ScanRequested,
    ScanResultRead,
    ScanResultSummary,
    SecurityStatus,
)
from modelreg.storage.tables import ScanResultRow

router = APIRouter(prefix="/api/v1", tags=["security"])
VERSION = "/models/{group}/{name}/versions/{version}"
CYCLONEDX_JSON = "application/vnd.cyclonedx+json"


def _summary(row: ScanResultRow) -> ScanResultSummary:
    return ScanResultSummary(
        id=row.id,
        scan_id=row.scan_id,
        scanner=row.scanner,
        scanner_version=row.scanner_version,
        database_version=row.database_version,
        version_digest=row.version_digest,
        status=row.status,
        trigger=row.trigger,
        finished_at=row.finished_at,
        finding_count=len(row.findings),
        errors=row.errors,
    )


@router.get(
    VERSION + "/scans",
    response_model=SecurityStatus,
    responses=problems(404, 422),
    summary="Security state and scan history of a version",
)
def get_scans(
    request: Request, group: GroupPath, name: NamePath, version: VersionPath, principal: ReadScans
) -> SecurityStatus:
    """What the policy sees (status, counts, license, signature), every current finding with
    `excepted`/`blocking`, pending jobs, and every stored result newest first."""
    state = registry(request).scans.status(group, name, version)
    return SecurityStatus(**{**state, "history": [_summary(r) for r in state["history"]]})


@router.get(
    VERSION + "/scans/{result_id}",
    response_model=ScanResultRead,
    responses=problems(404, 422),
    summary="One stored scan result",
)
def get_scan_result(
    request: Request,
    group: GroupPath,
    name: NamePath,
    version: VersionPath,
    result_id: str,
    principal: ReadScans,
) -> ScanResultRead:
    """A stored result with its findings and scanner details (e.g. the dependency inventory)."""
    row = registry(request).scans.get_result(group, name, version, result_id)
    return ScanResultRead(**_summary(row).model_dump(), findings=row.findings, details=row.details)


@router.post(
    VERSION + "/scans",
    response_model=ScanRequested,
    status_code=202,
    responses=problems(403, 404, 409),
    summary="Queue a re-scan",
)
def request_scan(
    request: Request, group: GroupPath, name: NamePath, version: VersionPath, principal: RunScans
) -> ScanRequested:
    """Queue a full scan of a sealed version (owners and security architects)."""
    return ScanRequested(
        job_id=registry(request).scans.request_scan(principal, group, name, version)
    )


@router.get(
    VERSION + "/findings",
    response_model=list[FindingRead],
    responses=problems(404, 422),
    summary="Current findings of a version",
)
def get_findings(
    request: Request,
    group: GroupPath,
    name: NamePath,
    version: VersionPath,
    principal: ReadScans,
    blocking: Annotated[bool | None, Query(description="Only blocking (or non-blocking).")] = None,
) -> list[FindingRead]:
    """Findings of the latest result of every scanner for the current digest."""
    findings = registry(request).scans.findings(group, name, version)
    return [FindingRead(**f) for f in findings if blocking is None or f["blocking"] == blocking]


@router.post(
    VERSION + "/exceptions",
    response_model=ExceptionRead,
    status_code=201,
    responses=problems(403, 404, 409, 422),
    summary="Grant a time-limited exception for a finding",
)
def grant_exception(
    request: Request,
    group: GroupPath,
    name: NamePath,
    version: VersionPath,
    body: ExceptionCreate,
    principal: WriteSecurity,
) -> ExceptionRead:
    """Security architects accept one finding on the current digest until `expires_at`."""
    return registry(request).exceptions.grant(
        principal,
        group,
        name,
        version,
        finding_id=body.finding_id,
        reason=body.reason,
        expires_at=body.expires_at,
    )


@router.get(
    VERSION + "/exceptions",
    response_model=list[ExceptionRead],
    responses=problems(404, 422),
    summary="Exceptions of a version",
)
def list_exceptions(
    request: Request, group: GroupPath, name: NamePath, version: VersionPath, principal: ReadScans
) -> list[ExceptionRead]:
    """Every exception granted on the version, newest first, with its state."""
    return registry(request).exceptions.list_for(group, name, version)


@router.delete(
    "/security/exceptions/{exception_id}",
    response_model=ExceptionRead,
    responses=problems(403, 404, 409),
    summary="Revoke an exception",
)
def revoke_exception(
    request: Request, exception_id: str, principal: WriteSecurity
) -> ExceptionRead:
    """End an exception before it expires (audited)."""
    return registry(request).exceptions.revoke(principal, exception_id)


@router.get(
    VERSION + "/sbom",
    responses={
        **problems(404, 409, 422),
        200: {"content": {CYCLONEDX_JSON: {}}, "description": "CycloneDX 1.6 ML-BOM"},
    },
    summary="ML-BOM of a version",
    response_class=Response,
)
def get_ml_bom(
    request: Request, group: GroupPath, name: NamePath, version: VersionPath, principal: ReadScans
) -> Response:
    """The validated CycloneDX 1.6 ML-BOM generated by the scan of the current digest."""
    found = registry(request).scans.ml_bom(group, name, version)
    if found is None:
        raise WrongState(
            "no ML-BOM yet: it is generated by the security scan of a sealed version "
            "(see GET …/scans for its state)"
        )
    document, generated_at = found
    return Response(document, media_type=CYCLONEDX_JSON, headers={"X-Generated-At": generated_at})


@router.put(
    VERSION + "/container-sbom",
    response_model=ContainerSbomRead,
    status_code=201,
    responses=problems(403, 404, 409, 413, 422),
    summary="Upload the container SBOM of a version",
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": {"type": "object"}}},
            "description": "A CycloneDX or SPDX JSON document.",
        }
    },
)
async def put_container_sbom(
    request: Request,
    group: GroupPath,
    name: NamePath,
    version: VersionPath,
    principal: WriteArtifacts,
) -> ContainerSbomRead:
    """Validate and store the SBOM of the image the model ships in (owners only)."""
    data = bytearray()
    async for chunk in request.stream():
        data += chunk
        if len(data) > MAX_SBOM_BYTES:
            raise PayloadTooLarge(f"the SBOM is over the {MAX_SBOM_BYTES}-byte limit")
    row = await run_in_threadpool(
        registry(request).container_sboms.upload, principal, group, name, version, bytes(data)
    )
    return ContainerSbomRead.model_validate(row, from_attributes=True)


@router.get(
    VERSION + "/container-sbom",
    responses={**problems(404, 422), 200: {"content": {"application/json": {}}}},
    summary="Get the container SBOM of a version",
    response_class=Response,
)
def get_container_sbom(
    request: Request, group: GroupPath, name: NamePath, version: VersionPath, principal: ReadScans
) -> Response:
    """The newest uploaded container SBOM document."""
    row = registry(request).container_sboms.latest(group, name, version)
    return Response(row.document, media_type="application/json")


@router.post(
    VERSION + "/deploy-check",
    response_model=DeployVerdict,
    responses=problems(404, 422),
    summary="Check the gate before deploying a digest",
)
def deploy_check(
    request: Request,
    group: GroupPath,
    name: NamePath,
    version: VersionPath,
    body: DeployCheck,
    principal: CheckDeployments,
) -> DeployVerdict:
    """Re-evaluate the active policy (incl. current findings and exceptions) for the digest
    being deployed; deploy only when `allowed` is true. Every check is audited."""
    verdict = registry(request).security_gate.check_deployment(
        principal, group, name, version, body.digest, body.target, body.stage
    )
    return DeployVerdict(**verdict)


@router.get(
    "/security/license-policy",
    response_model=LicensePolicyRead,
    responses=problems(),
    summary="The license lists in force",
)
def get_license_policy(request: Request, principal: ReadScans) -> LicensePolicyRead:
    """Allow, deny and needs-review lists; anything on none of them needs review."""
    return LicensePolicyRead(**registry(request).license_policy.get())


@router.put(
    "/security/license-policy",
    response_model=LicensePolicyRead,
    responses=problems(403, 422),
    summary="Replace the license lists",
)
def put_license_policy(
    request: Request, body: LicenseLists, principal: WriteSecurity
) -> LicensePolicyRead:
    """Store a new version of the lists (audited); live versions are re-checked."""
    return LicensePolicyRead(
        **registry(request).license_policy.put(principal, body.allow, body.deny, body.review)
    )


@router.get(
    "/security/advisories",
    response_model=AdvisoryStatus,
    responses=problems(),
    summary="The local advisory database",
)
def advisory_status(request: Request, principal: ReadScans) -> AdvisoryStatus:
    """Version and size of the OSV mirror (import with `modelreg advisories import`)."""
    return AdvisoryStatus(**registry(request).advisories.status())


@router.get(
    "/notifications",
    response_model=list[NotificationRead],
    responses=problems(403, 422),
    summary="Notifications, newest first",
)
def list_notifications(
    request: Request,
    principal: ReadNotifications,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    before: Annotated[Rfc3339 | None, Query(description="Only older than this; RFC 3339.")] = None,
    kind: Annotated[str | None, Query(max_length=64)] = None,
) -> list[NotificationRead]:
    """Security violations and other records teams must look at."""
    rows = registry(request).notifications.list(limit=limit, before=before, kind=kind)
    return [NotificationRead.model_validate(r, from_attributes=True) for r in rows]
