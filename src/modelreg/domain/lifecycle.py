"""The version lifecycle: stages and the one table of allowed transitions."""

from __future__ import annotations

from collections.abc import Iterable

from modelreg.domain.errors import WrongState

DRAFT, SUBMITTED, STAGING, PRODUCTION = "draft", "submitted", "staging", "production"
DEPRECATED, ARCHIVED, REJECTED = "deprecated", "archived", "rejected"
STAGES = (DRAFT, SUBMITTED, STAGING, PRODUCTION, DEPRECATED, ARCHIVED, REJECTED)
# One bit per stage: `models.stage_mask` has the bits of the stages its versions are in, so
# search filters and counts "has a version in stage S" without reading every version. Bits are
# stored: a new stage takes the next bit, and a migration recomputes the masks.
STAGE_BITS = {stage: 1 << bit for bit, stage in enumerate(STAGES)}

# Every stage change goes through a promotion request checked against this table.
TRANSITIONS: dict[str, tuple[str, ...]] = {
    DRAFT: (SUBMITTED,),
    SUBMITTED: (STAGING, PRODUCTION),
    STAGING: (PRODUCTION, DEPRECATED),
    PRODUCTION: (DEPRECATED,),
    # A deprecated version may return to production (a rollback) or be archived for good.
    DEPRECATED: (PRODUCTION, ARCHIVED),
    REJECTED: (ARCHIVED,),
    ARCHIVED: (),
}


def allowed_targets(stage: str) -> tuple[str, ...]:
    """Stages a version in `stage` may be promoted to."""
    return TRANSITIONS.get(stage, ())


def check_transition(current: str, target: str) -> None:
    """409 unless `current` → `target` is in the transition table, naming the allowed ones."""
    if target not in STAGES:
        raise WrongState(f"unknown stage {target!r}: use one of {', '.join(STAGES)}")
    allowed = allowed_targets(current)
    if target not in allowed:
        options = ", ".join(allowed) if allowed else "none (it is final)"
        raise WrongState(
            f"a {current} version cannot move to {target}; allowed from {current}: {options}",
            extra={"current_stage": current, "allowed": list(allowed)},
        )


def seals_on_entry(target: str) -> bool:
    """Submitting freezes the version: from then on its digest is what gets approved."""
    return target == SUBMITTED


def rejection_stage(current: str) -> str | None:
    """Stage a version moves to when its promotion is rejected (a turned-down submission)."""
    return REJECTED if current == SUBMITTED else None


def stage_mask(stages: Iterable[str]) -> int:
    """The `models.stage_mask` of a model whose versions are in `stages`."""
    mask = 0
    for stage in stages:
        mask |= STAGE_BITS[stage]
    return mask
