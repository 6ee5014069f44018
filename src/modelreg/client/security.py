"""Scans, findings, exceptions, SBOMs, license lists, deploy checks and notifications."""

from __future__ import annotations

import builtins
import json
from datetime import datetime
from typing import Any
from urllib.parse import quote

from modelreg.client.http import API, Http, ParamValue, version_url
from modelreg.domain.names import VersionRef
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
    SecurityStatus,
)


class SecurityApi:
    """The artifact-security routes of a registry."""

    def __init__(self, http: Http) -> None:
        self._http = http

    def scans(self, ref: str | VersionRef) -> SecurityStatus:
        """The version's security state, current findings and scan history."""
        return SecurityStatus.model_validate(
            self._http.request("GET", f"{version_url(ref)}/scans").json()
        )

    def scan_result(self, ref: str | VersionRef, result_id: str) -> ScanResultRead:
        """One stored scan result with its findings and details."""
        path = f"{version_url(ref)}/scans/{quote(result_id, safe='')}"
        return ScanResultRead.model_validate(self._http.request("GET", path).json())

    def request_scan(self, ref: str | VersionRef) -> ScanRequested:
        """Queue a full re-scan of a sealed version."""
        return ScanRequested.model_validate(
            self._http.request("POST", f"{version_url(ref)}/scans").json()
        )

    def findings(
        self, ref: str | VersionRef, *, blocking: bool | None = None
    ) -> builtins.list[FindingRead]:
        """Current findings (optionally only blocking ones)."""
        params: dict[str, ParamValue] = {}
        if blocking is not None:
            params["blocking"] = "true" if blocking else "false"
        response = self._http.request("GET", f"{version_url(ref)}/findings", params=params)
        return [FindingRead.model_validate(item) for item in response.json()]

    def grant_exception(
        self, ref: str | VersionRef, finding_id: str, reason: str, expires_at: datetime
    ) -> ExceptionRead:
        """Accept one finding on the version's current digest until `expires_at`."""
        body = ExceptionCreate(finding_id=finding_id, reason=reason, expires_at=expires_at)
        response = self._http.request(
            "POST", f"{version_url(ref)}/exceptions", json=body.model_dump(mode="json")
        )
        return ExceptionRead.model_validate(response.json())

    def exceptions(self, ref: str | VersionRef) -> builtins.list[ExceptionRead]:
        """Every exception of the version, newest first."""
        response = self._http.request("GET", f"{version_url(ref)}/exceptions")
        return [ExceptionRead.model_validate(item) for item in response.json()]

    def revoke_exception(self, exception_id: str) -> ExceptionRead:
        """End an exception early."""
        path = f"{API}/security/exceptions/{quote(exception_id, safe='')}"
        return ExceptionRead.model_validate(self._http.request("DELETE", path).json())

    def ml_bom(self, ref: str | VersionRef) -> dict[str, Any]:
        """The version's CycloneDX 1.6 ML-BOM."""
        result: dict[str, Any] = self._http.request("GET", f"{version_url(ref)}/sbom").json()
        return result

    def upload_container_sbom(self, ref: str | VersionRef, document: bytes) -> ContainerSbomRead:
        """Upload a CycloneDX or SPDX JSON container SBOM."""
        response = self._http.request(
            "PUT",
            f"{version_url(ref)}/container-sbom",
            content=document,
            headers={"Content-Type": "application/json"},
        )
        return ContainerSbomRead.model_validate(response.json())

    def container_sbom(self, ref: str | VersionRef) -> dict[str, Any]:
        """The newest container SBOM document."""
        result: dict[str, Any] = json.loads(
            self._http.request("GET", f"{version_url(ref)}/container-sbom").content
        )
        return result

    def deploy_check(
        self, ref: str | VersionRef, digest: str, target: str, stage: str = "production"
    ) -> DeployVerdict:
        """Ask the gate whether `digest` may be deployed to `target` (a `stage` tier) now."""
        body = DeployCheck.model_validate({"digest": digest, "target": target, "stage": stage})
        response = self._http.request(
            "POST", f"{version_url(ref)}/deploy-check", json=body.model_dump(mode="json")
        )
        return DeployVerdict.model_validate(response.json())

    def license_policy(self) -> LicensePolicyRead:
        """The license lists in force."""
        return LicensePolicyRead.model_validate(
            self._http.request("GET", f"{API}/security/license-policy").json()
        )

    def set_license_policy(
        self, allow: builtins.list[str], deny: builtins.list[str], review: builtins.list[str]
    ) -> LicensePolicyRead:
        """Replace the license lists."""
        body = LicenseLists(allow=allow, deny=deny, review=review)
        response = self._http.request(
            "PUT", f"{API}/security/license-policy", json=body.model_dump(mode="json")
        )
        return LicensePolicyRead.model_validate(response.json())

    def advisories(self) -> AdvisoryStatus:
        """The local advisory database's version and size."""
        return AdvisoryStatus.model_validate(
            self._http.request("GET", f"{API}/security/advisories").json()
        )

    def notifications(
        self, *, limit: int = 50, kind: str | None = None
    ) -> builtins.list[NotificationRead]:
        """Notifications, newest first."""
        params: dict[str, ParamValue] = {"limit": limit}
        if kind is not None:
            params["kind"] = kind
        response = self._http.request("GET", f"{API}/notifications", params=params)
        return [NotificationRead.model_validate(item) for item in response.json()]
