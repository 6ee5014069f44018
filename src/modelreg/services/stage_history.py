"""Stage history: every stage each version entered, and what was where at a given time."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from modelreg.domain.errors import invalid
from modelreg.schemas.governance import StageChange, StagesAt
from modelreg.services.catalog import load_model, resolve_version
from modelreg.services.uow import Transactions
from modelreg.services.user_names import usernames
from modelreg.storage.tables import StageHistoryRow, VersionRow


class StageHistoryService:
    """Use cases on stage history."""

    def __init__(self, tx: Transactions) -> None:
        self.tx = tx

    def of_version(self, group: str, name: str, version: str) -> list[StageChange]:
        """The stages a version went through, oldest first."""
        with self.tx.read() as s:
            row = resolve_version(s, load_model(s, group, name), version)
            entries = (
                s.execute(
                    select(StageHistoryRow)
                    .where(StageHistoryRow.version_id == row.id)
                    .order_by(StageHistoryRow.entered_at, StageHistoryRow.id)
                )
                .scalars()
                .all()
            )
            people = usernames(s, [e.actor for e in entries])
            return [
                StageChange(
                    version=row.version,
                    from_stage=e.from_stage,
                    stage=e.stage,
                    entered_at=e.entered_at,
                    actor=e.actor,
                    actor_name=people.get(e.actor),
                    rationale=e.rationale,
                    promotion_id=e.promotion_id,
                    decision_id=e.decision_id,
                )
                for e in entries
            ]

    def at(self, group: str, name: str, when: datetime) -> StagesAt:
        """Which versions of the model were in which stage at `when`."""
        if when.tzinfo is None:
            raise invalid("at", "give a time zone, e.g. 2026-11-27T12:00:00Z")
        with self.tx.read() as s:
            model = load_model(s, group, name)
            rows = s.execute(
                select(
                    VersionRow.version,
                    VersionRow.sort_key,
                    StageHistoryRow.stage,
                    StageHistoryRow.entered_at,
                    StageHistoryRow.id,
                )
                .join(StageHistoryRow, StageHistoryRow.version_id == VersionRow.id)
                .where(VersionRow.model_id == model.id, StageHistoryRow.entered_at <= when)
                .order_by(StageHistoryRow.entered_at, StageHistoryRow.id)
            ).all()
        latest: dict[str, tuple[str, str]] = {}
        for version, sort_key, stage, _, _ in rows:
            latest[version] = (stage, sort_key)  # later entries overwrite earlier ones
        stages: dict[str, list[str]] = {}
        for version, (stage, _) in sorted(latest.items(), key=lambda kv: kv[1][1]):
            stages.setdefault(stage, []).append(version)
        return StagesAt(model=model.full_name, at=when, stages=stages)
