"""The license allow / deny / needs-review lists that security architects manage (versioned)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from modelreg.domain.access import Principal
from modelreg.domain.errors import invalid
from modelreg.domain.ids import new_id
from modelreg.licensing import DEFAULT_POLICY, LicensePolicy, parse_policy_lists
from modelreg.services import jobs
from modelreg.services.uow import Transactions
from modelreg.storage.tables import LicensePolicyRow
from modelreg.storage.types import utcnow


def current_policy(session: Session) -> tuple[LicensePolicy, int]:
    """The lists in force and their number (0 = the built-in default)."""
    row = session.execute(
        select(LicensePolicyRow).order_by(LicensePolicyRow.number.desc()).limit(1)
    ).scalar_one_or_none()
    if row is None:
        return DEFAULT_POLICY, 0
    return parse_policy_lists(row.allow, row.deny, row.review), row.number


def policy_document(policy: LicensePolicy, number: int) -> dict[str, Any]:
    """The lists as returned by the API."""
    return {
        "number": number,
        "allow": sorted(policy.allow),
        "deny": sorted(policy.deny),
        "review": sorted(policy.review),
    }


class LicensePolicyService:
    """Reads and replaces the license lists; a change re-checks every live version."""

    def __init__(self, tx: Transactions) -> None:
        self.tx = tx

    def get(self) -> dict[str, Any]:
        """The lists in force."""
        with self.tx.read() as s:
            return policy_document(*current_policy(s))

    def put(
        self, principal: Principal, allow: list[str], deny: list[str], review: list[str]
    ) -> dict[str, Any]:
        """Store a new version of the lists (audited) and queue license re-checks."""
        try:
            policy = parse_policy_lists(allow, deny, review)
        except ValueError as exc:
            raise invalid("lists", str(exc)) from None
        with self.tx.write(principal.user_id) as uow:
            s = uow.session
            number = (s.execute(select(func.max(LicensePolicyRow.number))).scalar() or 0) + 1
            s.add(
                LicensePolicyRow(
                    id=new_id(),
                    number=number,
                    allow=sorted(policy.allow),
                    deny=sorted(policy.deny),
                    review=sorted(policy.review),
                    created_at=utcnow(),
                    created_by=principal.user_id,
                )
            )
            queued = jobs.enqueue_for_live_versions(
                uow, jobs.LICENSE_SCAN, trigger="license_policy"
            )
            doc = policy_document(policy, number)
            uow.audit("license_policy.updated", "license-policy", {**doc, "rechecks": queued})
            uow.emit("license_policy.updated", {"number": number, "rechecks": queued})
            return doc
