"""Model card generation: facts from metadata, lineage and artifacts, plus human annotations.

Missing sections are shown as missing, never invented. The Markdown form has YAML front matter
like Hugging Face model cards.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

ANNOTATED_SECTIONS: list[tuple[str, str]] = [
    ("intended_use", "Intended use"),
    ("out_of_scope_use", "Out-of-scope use"),
    ("limitations", "Limitations"),
    ("ethical_considerations", "Ethical considerations"),
    ("training_data", "Training data"),
    ("evaluation_data", "Evaluation data"),
    ("caveats_and_recommendations", "Caveats and recommendations"),
]
MISSING = "_Missing: not provided by the model owner._"


@dataclass(frozen=True)
class CardFacts:
    """Everything the registry knows about a version that a card reports."""

    model: str
    version: str
    description: str
    risk_tier: str
    stage: str
    owners: list[str]
    task: str | None
    framework: str | None
    license: str | None
    tags: dict[str, str]
    metadata: dict[str, Any]
    digest: str
    sealed: bool
    artifacts: list[dict[str, Any]]
    lineage: list[dict[str, Any]]
    annotations: dict[str, Any] = field(default_factory=dict)
    # A requested lowering MRC has not decided: shown, never applied.
    pending_risk_tier: str | None = None


@dataclass(frozen=True)
class Section:
    """One card section and where its content came from."""

    key: str
    title: str
    content: str | None
    source: str


def _lineage_lines(lineage: list[dict[str, Any]], kinds: set[str]) -> list[str]:
    lines = []
    for link in lineage:
        if link["kind"] in kinds:
            attrs = link.get("attributes", {})
            extra = ", ".join(f"{k}: {v}" for k, v in attrs.items() if k not in {"uri", "ref"})
            lines.append(f"- `{link['ref']}`" + (f" ({extra})" if extra else ""))
    return lines


def build_sections(facts: CardFacts) -> list[Section]:
    """All sections in order: generated facts first, then annotated sections, then free ones."""
    sections = [
        Section("model_details", "Model details", _details(facts), "generated"),
        Section(
            "lineage",
            "Lineage",
            "\n".join(
                _lineage_lines(
                    facts.lineage, {"dataset", "code", "training_run", "base_model", "other"}
                )
            )
            or None,
            "generated" if facts.lineage else "missing",
        ),
        Section(
            "files",
            "Files",
            "\n".join(
                f"- `{a['path']}` — {a['size']} bytes, sha256 `{a['sha256']}`"
                for a in facts.artifacts
            )
            or None,
            "generated" if facts.artifacts else "missing",
        ),
    ]
    for key, title in ANNOTATED_SECTIONS:
        text = facts.annotations.get(key)
        if key == "training_data" and not text:
            # Datasets recorded in lineage are facts worth showing even without prose.
            datasets = [line for line in _lineage_lines(facts.lineage, {"dataset"})]
            if datasets:
                sections.append(Section(key, title, "\n".join(datasets), "generated"))
                continue
        sections.append(Section(key, title, text or None, "annotation" if text else "missing"))
    for title, text in sorted((facts.annotations.get("custom_sections") or {}).items()):
        sections.append(Section(f"custom:{title}", title, text, "annotation"))
    return sections


def _tier_text(facts: CardFacts) -> str:
    if facts.pending_risk_tier is None:
        return facts.risk_tier
    return f"{facts.risk_tier} (lowering to {facts.pending_risk_tier} awaits MRC approval)"


def _details(facts: CardFacts) -> str:
    rows = [
        ("Model", f"`{facts.model}`"),
        ("Version", f"`{facts.version}`"),
        ("Stage", facts.stage),
        ("Risk tier", _tier_text(facts)),
        ("Owners", ", ".join(facts.owners) or "—"),
        ("Task", facts.task or "—"),
        ("Framework", facts.framework or "—"),
        ("License", facts.license or "—"),
        ("Version digest", f"`sha256:{facts.digest}`" + ("" if facts.sealed else " (not sealed)")),
    ]
    table = "| Field | Value |\n|---|---|\n" + "\n".join(f"| {k} | {v} |" for k, v in rows)
    return (facts.description + "\n\n" if facts.description else "") + table


def front_matter(facts: CardFacts) -> dict[str, Any]:
    """Machine-readable card header (Hugging Face style keys where they exist)."""
    data: dict[str, Any] = {
        "model_name": facts.model,
        "model_version": facts.version,
        "license": facts.license,
        "pipeline_tag": facts.task,
        "library_name": facts.framework,
        "tags": [f"{k}:{v}" for k, v in sorted(facts.tags.items())],
        "datasets": [lk["ref"] for lk in facts.lineage if lk["kind"] == "dataset"],
        "base_model": [lk["ref"] for lk in facts.lineage if lk["kind"] == "base_model"],
        "modelreg": {
            "risk_tier": facts.risk_tier,
            "pending_risk_tier": facts.pending_risk_tier,
            "stage": facts.stage,
            "digest": f"sha256:{facts.digest}",
            "sealed": facts.sealed,
        },
    }
    if facts.pending_risk_tier is None:
        del data["modelreg"]["pending_risk_tier"]
    return {k: v for k, v in data.items() if v not in (None, [])}


def render_markdown(facts: CardFacts) -> str:
    """The card as Markdown with YAML front matter."""
    header = yaml.safe_dump(front_matter(facts), sort_keys=False, allow_unicode=True)
    parts = [f"---\n{header}---\n", f"# Model card: {facts.model}@{facts.version}\n"]
    for section in build_sections(facts):
        parts.append(f"## {section.title}\n\n{section.content or MISSING}\n")
    return "\n".join(parts)


def missing_sections(sections: list[Section]) -> list[str]:
    """Keys of the sections that have no content."""
    return [s.key for s in sections if s.content is None]
