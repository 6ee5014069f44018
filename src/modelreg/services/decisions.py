"""Decision records: reading them, and replaying them under the policy they were made with."""

from __future__ import annotations

import json

from modelreg.domain.errors import NotFound
from modelreg.schemas.governance import DecisionRead, ReplayResult, RuleResultRead
from modelreg.services.policies import compiled_for, decide, result_reads
from modelreg.services.uow import Transactions
from modelreg.services.user_names import usernames
from modelreg.storage.tables import DecisionRow, PolicySetRow

# Outcomes set by a person rather than computed from the rules; replay recomputes the rest.
_HUMAN_OUTCOMES = {"rejected"}


class DecisionService:
    """Use cases on decision records."""

    def __init__(self, tx: Transactions) -> None:
        self.tx = tx

    def _load(self, decision_id: str) -> tuple[DecisionRow, PolicySetRow, str | None]:
        """The decision, its policy set, and the actor's username (None for `system`)."""
        with self.tx.read() as s:
            row = s.get(DecisionRow, decision_id)
            if row is None:
                raise NotFound(f"decision {decision_id!r} does not exist")
            policy_row = s.get(PolicySetRow, row.policy_set_id)
            assert policy_row is not None
            return row, policy_row, usernames(s, [row.actor]).get(row.actor)

    def get(self, decision_id: str) -> DecisionRead:
        """A decision record with its exact input document."""
        row, policy_row, actor_name = self._load(decision_id)
        return DecisionRead(
            id=row.id,
            promotion_id=row.promotion_id,
            trigger=row.trigger,
            input=json.loads(row.input_json),
            input_digest=row.input_digest,
            policy_set=policy_row.number,
            policy_digest=row.policy_digest,
            results=[RuleResultRead(**r) for r in row.results],
            outcome=row.outcome,
            actor=row.actor,
            actor_name=actor_name,
            created_at=row.created_at,
        )

    def replay(self, decision_id: str) -> ReplayResult:
        """Evaluate the stored input again with the stored policy version; report any difference."""
        row, policy_row, _ = self._load(decision_id)
        compiled = compiled_for(policy_row)
        differences: list[str] = []
        if compiled.digest != row.policy_digest:
            differences.append(
                f"policy digest {compiled.digest} differs from the recorded {row.policy_digest}"
            )
        state, results = decide(compiled, json.loads(row.input_json))
        replayed_outcome = row.outcome if row.outcome in _HUMAN_OUTCOMES else state
        if replayed_outcome != row.outcome:
            differences.append(
                f"outcome {replayed_outcome} differs from the recorded {row.outcome}"
            )
        replayed = {r.rule_id: r.model_dump() for r in result_reads(results)}
        recorded = {r["rule_id"]: r for r in row.results}
        for rule_id in sorted(set(replayed) | set(recorded)):
            if replayed.get(rule_id) != recorded.get(rule_id):
                differences.append(f"rule {rule_id}: result differs")
        return ReplayResult(
            decision_id=row.id,
            identical=not differences,
            original_outcome=row.outcome,
            replayed_outcome=replayed_outcome,
            differences=differences,
        )
