"""search facets: stage masks, current findings per version, indexes for new filters

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-14

`current_findings` holds, for each version that is not archived, the findings of the latest
result per scanner of its current digest (what `security_state.latest_results` reads), with each
finding's severity rank and the version's model, so the model search can filter and count "has
blocking findings" with an index instead of decoding every stored result's JSON or reading
versions. It is backfilled here from the stored results, ranked as `latest_results` ranks them;
from now on the scan service rewrites a version's rows whenever it stores results.

`models.stage_mask` has one bit per stage its versions are in (lifecycle.STAGE_BITS), so the
stage filter and facet read one integer per model instead of every version. Triggers on
`model_versions` keep it, and drop a version's current findings when it is archived (archiving
is final), as 0008's triggers keep the auth generation: no code path (nor a hand-run SQL fix)
can forget to. `models.task`, `models.license` and `models.stage_mask` get indexes for their
filters and facets, and `ix_models_facets` covers the columns that facets read.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from modelreg.domain.lifecycle import STAGE_BITS
from modelreg.domain.security_findings import finding_ranks

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

_BATCH = 5000
_BIT = (
    "CASE {stage} "
    + " ".join(f"WHEN '{s}' THEN {b}" for s, b in STAGE_BITS.items())
    + " ELSE 0 END"
)
# The bits of every stage a model's versions are in: a sum of distinct powers of two is their OR.
_MASK = (
    "(SELECT coalesce(sum(DISTINCT " + _BIT.format(stage="v.stage") + "), 0) "
    "FROM model_versions v WHERE v.model_id = {model})"
)
_PRUNE = "DELETE FROM current_findings WHERE version_id = NEW.id AND NEW.stage = 'archived'"
_SQLITE_TRIGGERS = [
    f"""CREATE TRIGGER model_versions_stage_insert AFTER INSERT ON model_versions BEGIN
        UPDATE models SET stage_mask = stage_mask | {_BIT.format(stage="NEW.stage")}
        WHERE id = NEW.model_id; END""",
    f"""CREATE TRIGGER model_versions_stage_update AFTER UPDATE OF stage, model_id
        ON model_versions BEGIN
        UPDATE models SET stage_mask = {_MASK.format(model="models.id")}
        WHERE id IN (OLD.model_id, NEW.model_id);
        {_PRUNE}; END""",
    f"""CREATE TRIGGER model_versions_stage_delete AFTER DELETE ON model_versions BEGIN
        UPDATE models SET stage_mask = {_MASK.format(model="models.id")}
        WHERE id = OLD.model_id; END""",
]
_PG_FUNCTION = f"""CREATE OR REPLACE FUNCTION modelreg_version_stage() RETURNS trigger AS $$
    BEGIN
        IF TG_OP = 'INSERT' THEN
            UPDATE models SET stage_mask = stage_mask | {_BIT.format(stage="NEW.stage")}
            WHERE id = NEW.model_id;
        ELSIF TG_OP = 'UPDATE' THEN
            UPDATE models SET stage_mask = {_MASK.format(model="models.id")}
            WHERE id IN (OLD.model_id, NEW.model_id);
            {_PRUNE};
        ELSE
            UPDATE models SET stage_mask = {_MASK.format(model="models.id")}
            WHERE id = OLD.model_id;
        END IF;
        RETURN NULL;
    END; $$ LANGUAGE plpgsql"""
_PG_TRIGGER = """CREATE TRIGGER model_versions_stage
    AFTER INSERT OR DELETE OR UPDATE OF stage, model_id ON model_versions
    FOR EACH ROW EXECUTE FUNCTION modelreg_version_stage()"""


def _backfill() -> None:
    results = sa.table(
        "scan_results",
        sa.column("id", sa.String()),
        sa.column("version_id", sa.String()),
        sa.column("version_digest", sa.String()),
        sa.column("scanner", sa.String()),
        sa.column("findings", sa.JSON()),
        sa.column("started_at", sa.DateTime()),
        sa.column("finished_at", sa.DateTime()),
    )
    versions = sa.table(
        "model_versions",
        sa.column("id", sa.String()),
        sa.column("model_id", sa.String()),
        sa.column("stage", sa.String()),
        sa.column("manifest_digest", sa.String()),
    )
    current = sa.table(
        "current_findings",
        sa.column("version_id", sa.String()),
        sa.column("finding_id", sa.String()),
        sa.column("model_id", sa.String()),
        sa.column("version_digest", sa.String()),
        sa.column("severity_rank", sa.Integer()),
    )
    ranked = (
        sa.select(
            results.c.version_id,
            versions.c.model_id,
            results.c.version_digest,
            results.c.findings,
            sa.func.row_number()
            .over(
                partition_by=(results.c.version_id, results.c.scanner),
                order_by=(
                    results.c.started_at.desc(),
                    results.c.finished_at.desc(),
                    results.c.id.desc(),
                ),
            )
            .label("rank"),
        )
        .join(
            versions,
            sa.and_(
                versions.c.id == results.c.version_id,
                versions.c.manifest_digest == results.c.version_digest,
                versions.c.stage != "archived",
            ),
        )
        .subquery()
    )
    bind = op.get_bind()
    latest = bind.execute(
        sa.select(
            ranked.c.version_id, ranked.c.model_id, ranked.c.version_digest, ranked.c.findings
        )
        .where(ranked.c.rank == 1)
        .order_by(ranked.c.version_id)
    )
    # Only the ranks are kept, so memory follows the number of findings, not their JSON.
    by_version: dict[tuple[str, str, str], dict[str, int]] = {}
    for version_id, model_id, digest, findings in latest:
        ranks = by_version.setdefault((version_id, model_id, digest), {})
        for finding, rank in finding_ranks(findings or []).items():
            ranks[finding] = max(rank, ranks.get(finding, 0))
    rows = [
        {
            "version_id": version_id,
            "finding_id": finding,
            "model_id": model_id,
            "version_digest": digest,
            "severity_rank": rank,
        }
        for (version_id, model_id, digest), ranks in by_version.items()
        for finding, rank in ranks.items()
    ]
    for start in range(0, len(rows), _BATCH):
        bind.execute(current.insert(), rows[start : start + _BATCH])


def _stage_masks() -> None:
    op.add_column(
        "models", sa.Column("stage_mask", sa.Integer(), server_default="0", nullable=False)
    )
    op.execute(f"UPDATE models SET stage_mask = {_MASK.format(model='models.id')}")
    if op.get_bind().dialect.name == "sqlite":
        for statement in _SQLITE_TRIGGERS:
            op.execute(statement)
    else:
        op.execute(_PG_FUNCTION)
        op.execute(_PG_TRIGGER)
    op.create_index("ix_models_stage_mask", "models", ["stage_mask"])


def upgrade() -> None:
    """Apply this revision."""
    op.create_table(
        "current_findings",
        sa.Column("version_id", sa.String(length=36), nullable=False),
        sa.Column("finding_id", sa.String(length=64), nullable=False),
        sa.Column("model_id", sa.String(length=36), nullable=False),
        sa.Column("version_digest", sa.String(length=64), nullable=False),
        sa.Column("severity_rank", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["version_id"],
            ["model_versions.id"],
            name=op.f("fk_current_findings_version_id_model_versions"),
        ),
        sa.ForeignKeyConstraint(
            ["model_id"], ["models.id"], name=op.f("fk_current_findings_model_id_models")
        ),
        sa.PrimaryKeyConstraint("version_id", "finding_id", name=op.f("pk_current_findings")),
    )
    _backfill()
    _stage_masks()  # after current_findings: the update trigger prunes it
    op.create_index("ix_current_findings_rank", "current_findings", ["severity_rank", "model_id"])
    op.create_index("ix_models_task", "models", ["task"])
    op.create_index(
        "ix_models_facets",
        "models",
        ["group_name", "risk_tier", "framework", "task", "license", "stage_mask", "id"],
    )
    op.create_index("ix_models_license", "models", ["license"])


def downgrade() -> None:
    """Revert this revision."""
    if op.get_bind().dialect.name == "sqlite":
        for verb in ("insert", "update", "delete"):
            op.execute(f"DROP TRIGGER IF EXISTS model_versions_stage_{verb}")
    else:
        op.execute("DROP TRIGGER IF EXISTS model_versions_stage ON model_versions")
        op.execute("DROP FUNCTION IF EXISTS modelreg_version_stage()")
    for index in (
        "ix_models_stage_mask",
        "ix_models_license",
        "ix_models_facets",
        "ix_models_task",
    ):
        op.drop_index(index, table_name="models")
    # After its indexes: SQLite refuses to drop a column that an index names.
    op.drop_column("models", "stage_mask")
    op.drop_index("ix_current_findings_rank", table_name="current_findings")
    op.drop_table("current_findings")
