"""Governance: promotion requests and approvals, policy sets, decision records, stage history."""

from __future__ import annotations

import builtins
from datetime import datetime
from urllib.parse import quote

from modelreg.client.http import API, Http, idempotency, model_url, version_url
from modelreg.domain.access import Role
from modelreg.domain.names import ModelName, VersionRef
from modelreg.schemas.governance import (
    ApprovalCreate,
    DecisionRead,
    DryRunRequest,
    DryRunResult,
    PolicySetRead,
    PolicyUpload,
    PromotionCreate,
    PromotionRead,
    ReplayResult,
    StageChange,
    StagesAt,
)
from modelreg.schemas.versions import Stage


def _promotion_url(promotion_id: str) -> str:
    return f"{API}/promotions/{quote(promotion_id, safe='')}"


class PromotionsApi:
    """Promotion requests, approvals and rejections, and the stage history they leave."""

    def __init__(self, http: Http) -> None:
        self._http = http

    def request(
        self,
        ref: str | VersionRef,
        target_stage: Stage | str,
        rationale: str,
        *,
        idempotency_key: str | None = None,
    ) -> PromotionRead:
        """Ask to move a version to `target_stage`; the answer says whether it executed at once.

        The state is `executed` (nothing was missing), `awaiting_approval` (only approvals are
        missing) or `blocked` (see the failing rules in `results`).
        """
        body = PromotionCreate(target_stage=Stage(target_stage), rationale=rationale)
        response = self._http.request(
            "POST",
            f"{version_url(ref)}/promotions",
            json=body.model_dump(mode="json"),
            headers=idempotency(idempotency_key),
        )
        return PromotionRead.model_validate(response.json())

    def get(self, promotion_id: str) -> PromotionRead:
        """One promotion request with its approvals and latest rule results."""
        return PromotionRead.model_validate(
            self._http.request("GET", _promotion_url(promotion_id)).json()
        )

    def list_for_version(self, ref: str | VersionRef) -> builtins.list[PromotionRead]:
        """Every promotion request of a version, oldest first."""
        response = self._http.request("GET", f"{version_url(ref)}/promotions")
        return [PromotionRead.model_validate(item) for item in response.json()]

    def pending(self, limit: int = 100) -> builtins.list[PromotionRead]:
        """The approvers' queue: requests awaiting approval, oldest first."""
        response = self._http.request("GET", f"{API}/promotions", params={"limit": limit})
        return [PromotionRead.model_validate(item) for item in response.json()]

    def _decide(
        self, promotion_id: str, decision: str, rationale: str, role: Role | str | None
    ) -> PromotionRead:
        body = ApprovalCreate.model_validate(
            {
                "decision": decision,
                "rationale": rationale,
                "role": Role(role) if role is not None else None,
            }
        )
        response = self._http.request(
            "POST",
            f"{_promotion_url(promotion_id)}/approvals",
            json=body.model_dump(mode="json", exclude_none=True),
        )
        return PromotionRead.model_validate(response.json())

    def approve(
        self, promotion_id: str, rationale: str, *, role: Role | str | None = None
    ) -> PromotionRead:
        """Approve; `role` is needed only when you hold several of the required roles.

        The promotion executes once every rule passes with the approvals collected.
        """
        return self._decide(promotion_id, "approve", rationale, role)

    def reject(
        self, promotion_id: str, rationale: str, *, role: Role | str | None = None
    ) -> PromotionRead:
        """Reject (a rejected submission moves the version to `rejected`)."""
        return self._decide(promotion_id, "reject", rationale, role)

    def history(self, ref: str | VersionRef) -> builtins.list[StageChange]:
        """Every stage the version entered: who, when, why, on which decision."""
        response = self._http.request("GET", f"{version_url(ref)}/history")
        return [StageChange.model_validate(item) for item in response.json()]

    def stages_at(self, model: str | ModelName, at: datetime) -> StagesAt:
        """Which versions of a model were in which stage at `at` (needs a time zone)."""
        response = self._http.request("GET", f"{model_url(model)}/history", params={"at": at})
        return StagesAt.model_validate(response.json())


class PoliciesApi:
    """Policy-set versions: list, read, upload (which activates), and dry runs of drafts."""

    def __init__(self, http: Http) -> None:
        self._http = http

    def list(self) -> builtins.list[PolicySetRead]:
        """Every policy-set version, newest first."""
        response = self._http.request("GET", f"{API}/policies")
        return [PolicySetRead.model_validate(item) for item in response.json()]

    def active(self) -> PolicySetRead:
        """The policy set promotions are judged under now."""
        return PolicySetRead.model_validate(
            self._http.request("GET", f"{API}/policies/active").json()
        )

    def get(self, number: int) -> PolicySetRead:
        """One policy-set version by number."""
        return PolicySetRead.model_validate(
            self._http.request("GET", f"{API}/policies/{int(number)}").json()
        )

    def apply(self, text: str) -> PolicySetRead:
        """Upload a policy set (YAML text); it is validated and becomes active at once."""
        body = PolicyUpload(text=text)
        response = self._http.request("PUT", f"{API}/policies", json=body.model_dump(mode="json"))
        return PolicySetRead.model_validate(response.json())

    def dry_run(self, text: str, ref: str | VersionRef, target_stage: Stage | str) -> DryRunResult:
        """What a draft policy set would decide for a version's promotion; decides nothing."""
        parsed = ref if isinstance(ref, VersionRef) else VersionRef.parse(ref)
        body = DryRunRequest(
            text=text,
            model=str(parsed.model),
            version=parsed.version,
            target_stage=Stage(target_stage),
        )
        response = self._http.request(
            "POST", f"{API}/policies/dry-run", json=body.model_dump(mode="json")
        )
        return DryRunResult.model_validate(response.json())


class DecisionsApi:
    """Decision records: the exact input, policy version and results of each evaluation."""

    def __init__(self, http: Http) -> None:
        self._http = http

    def get(self, decision_id: str) -> DecisionRead:
        """One decision record."""
        response = self._http.request("GET", f"{API}/decisions/{quote(decision_id, safe='')}")
        return DecisionRead.model_validate(response.json())

    def replay(self, decision_id: str) -> ReplayResult:
        """Evaluate the stored input under the stored policy version again; lists differences."""
        response = self._http.request(
            "POST", f"{API}/decisions/{quote(decision_id, safe='')}/replay"
        )
        return ReplayResult.model_validate(response.json())
