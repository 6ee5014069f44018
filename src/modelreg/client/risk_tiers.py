"""Risk-tier changes: raise at once, ask to lower, and MRC's decision."""

from __future__ import annotations

from urllib.parse import quote

from pydantic import TypeAdapter

from modelreg.client.http import API, Http, idempotency, model_url
from modelreg.domain.names import ModelName
from modelreg.schemas.models import RiskTier
from modelreg.schemas.risk_tiers import RiskTierChangeCreate, RiskTierChangeRead, RiskTierDecision

_CHANGES = TypeAdapter(list[RiskTierChangeRead])


class RiskTiersApi:
    """`…/risk-tier-changes`: a model's risk tier is governed."""

    def __init__(self, http: Http) -> None:
        self._http = http

    def request(
        self,
        model: str | ModelName,
        risk_tier: RiskTier | str,
        *,
        reason: str,
        idempotency_key: str | None = None,
    ) -> RiskTierChangeRead:
        """Raise the tier (applied at once) or ask MRC to lower it (pending)."""
        body = RiskTierChangeCreate(risk_tier=RiskTier(risk_tier), reason=reason)
        response = self._http.request(
            "POST",
            f"{model_url(model)}/risk-tier-changes",
            json=body.model_dump(mode="json"),
            headers=idempotency(idempotency_key),
        )
        return RiskTierChangeRead.model_validate(response.json())

    def list(self, model: str | ModelName) -> list[RiskTierChangeRead]:
        """Every tier change of a model, newest first."""
        response = self._http.request("GET", f"{model_url(model)}/risk-tier-changes")
        return _CHANGES.validate_python(response.json())

    def get(self, change_id: str) -> RiskTierChangeRead:
        """One tier change."""
        response = self._http.request("GET", _change_url(change_id))
        return RiskTierChangeRead.model_validate(response.json())

    def approve(self, change_id: str, *, rationale: str) -> RiskTierChangeRead:
        """Approve a requested lowering (mrc; not an owner, not the requester)."""
        return self._decide(change_id, RiskTierDecision(decision="approve", rationale=rationale))

    def reject(self, change_id: str, *, rationale: str) -> RiskTierChangeRead:
        """Reject a requested lowering."""
        return self._decide(change_id, RiskTierDecision(decision="reject", rationale=rationale))

    def withdraw(self, change_id: str) -> RiskTierChangeRead:
        """Take back a pending lowering (owners and admins)."""
        response = self._http.request("POST", f"{_change_url(change_id)}/withdraw")
        return RiskTierChangeRead.model_validate(response.json())

    def _decide(self, change_id: str, body: RiskTierDecision) -> RiskTierChangeRead:
        response = self._http.request(
            "POST", f"{_change_url(change_id)}/decision", json=body.model_dump(mode="json")
        )
        return RiskTierChangeRead.model_validate(response.json())


def _change_url(change_id: str) -> str:
    return f"{API}/risk-tier-changes/{quote(change_id, safe='')}"
