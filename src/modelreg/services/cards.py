"""Model cards: editing annotations (until sealed) and generating the card."""

from __future__ import annotations

from sqlalchemy import select

from modelreg.domain.access import Principal
from modelreg.domain.cards import (
    CardFacts,
    build_sections,
    front_matter,
    missing_sections,
    render_markdown,
)
from modelreg.domain.errors import invalid
from modelreg.schemas.cards import CardAnnotations, CardSection, ModelCard
from modelreg.services.catalog import (
    load_model,
    require_change,
    require_unsealed,
    resolve_version,
    version_subject,
)
from modelreg.services.models import read_models, reindex_model
from modelreg.services.uow import Transactions
from modelreg.services.versions import version_read
from modelreg.storage.tables import LineageRow

_MAX_SECTION = 50_000


class CardService:
    """Use cases on model cards."""

    def __init__(self, tx: Transactions) -> None:
        self.tx = tx

    def get_annotations(self, group: str, name: str, version: str) -> CardAnnotations:
        """The human-written sections of a version's card."""
        with self.tx.read() as s:
            row = resolve_version(s, load_model(s, group, name), version)
            return CardAnnotations(**row.annotations)

    def update_annotations(
        self, principal: Principal, group: str, name: str, version: str, data: CardAnnotations
    ) -> CardAnnotations:
        """Replace the annotations of an unsealed version; every edit is audited."""
        values = data.model_dump(exclude_none=True)
        if not values.get("custom_sections"):
            values.pop("custom_sections", None)
        for key, text in [*values.items(), *data.custom_sections.items()]:
            if isinstance(text, str) and len(text) > _MAX_SECTION:
                raise invalid(key, f"a card section is at most {_MAX_SECTION} characters")
        with self.tx.write(principal.user_id) as uow:
            s = uow.session
            model = load_model(s, group, name, lock=True)
            require_change(s, principal, model)
            row = resolve_version(s, model, version, lock=True)
            require_unsealed(row, model)
            before = _section_keys(row.annotations)
            row.annotations = values
            s.flush()
            reindex_model(s, model)
            uow.audit(
                "card.annotated",
                version_subject(model, row),
                {
                    "sections": sorted(_section_keys(values)),
                    "removed": sorted(before - _section_keys(values)),
                },
            )
            return CardAnnotations(**values)

    def facts(self, group: str, name: str, version: str) -> CardFacts:
        """Collect what the card reports."""
        with self.tx.read() as s:
            model = load_model(s, group, name)
            row = resolve_version(s, model, version)
            read = version_read(s, model, row)
            model_read = read_models(s, [model])[0]
            links = s.execute(
                select(LineageRow.kind, LineageRow.ref, LineageRow.attributes)
                .where(LineageRow.version_id == row.id)
                .order_by(LineageRow.id)
            ).all()
            return CardFacts(
                model=model.full_name,
                version=row.version,
                description=model.description,
                risk_tier=model.risk_tier,
                stage=row.stage,
                owners=model_read.owners,
                task=model.task,
                framework=model.framework,
                license=model.license,
                tags=read.tags,
                metadata=row.metadata_json,
                digest=read.digest,
                sealed=read.sealed,
                artifacts=[m.model_dump() for m in read.manifest],
                lineage=[{"kind": k, "ref": r, "attributes": a} for k, r, a in links],
                annotations=row.annotations,
                pending_risk_tier=(
                    model_read.pending_risk_tier.risk_tier.value
                    if model_read.pending_risk_tier
                    else None
                ),
            )

    def card(self, group: str, name: str, version: str) -> ModelCard:
        """The generated card as a JSON document."""
        facts = self.facts(group, name, version)
        sections = build_sections(facts)
        return ModelCard(
            model=facts.model,
            version=facts.version,
            front_matter=front_matter(facts),
            sections=[
                CardSection(key=x.key, title=x.title, content=x.content, source=x.source)
                for x in sections
            ],
            missing_sections=missing_sections(sections),
        )

    def markdown(self, group: str, name: str, version: str) -> str:
        """The generated card as Markdown with YAML front matter."""
        return render_markdown(self.facts(group, name, version))


def _section_keys(annotations: dict[str, object]) -> set[str]:
    """Names of the sections present, custom ones as `custom:Title`."""
    keys = {k for k in annotations if k != "custom_sections"}
    custom = annotations.get("custom_sections")
    if isinstance(custom, dict):
        keys |= {f"custom:{title}" for title in custom}
    return keys
