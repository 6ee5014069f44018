// The human-written sections of a model card, in the order the card shows them.
import type { Schemas } from "../../api/client";

export type CardAnnotations = Schemas["CardAnnotations"];
export type SectionKey = Exclude<keyof CardAnnotations, "custom_sections">;

export const CARD_SECTIONS: { key: SectionKey; label: string; hint: string }[] = [
  { key: "intended_use", label: "Intended use", hint: "What the model is for and who uses it." },
  { key: "out_of_scope_use", label: "Out-of-scope use", hint: "Uses it must not be put to." },
  { key: "training_data", label: "Training data", hint: "What it was trained on." },
  { key: "evaluation_data", label: "Evaluation data", hint: "What it was evaluated on." },
  { key: "limitations", label: "Limitations", hint: "Where it is known to fail or be weak." },
  {
    key: "ethical_considerations",
    label: "Ethical considerations",
    hint: "Risks to people and how they are handled.",
  },
  {
    key: "caveats_and_recommendations",
    label: "Caveats and recommendations",
    hint: "What users should know before relying on it.",
  },
];

/**
 * The whole annotations document with one section replaced (PUT replaces the document, so the
 * other sections are sent as the server last had them). Empty text removes the section.
 */
export function withSection(
  current: CardAnnotations,
  section: { key: SectionKey } | { custom: string },
  text: string,
): CardAnnotations {
  const value = text.trim() ? text : null;
  if ("key" in section) return { ...current, [section.key]: value };
  const custom = { ...(current.custom_sections ?? {}) };
  if (value === null) delete custom[section.custom];
  else custom[section.custom] = value;
  return { ...current, custom_sections: custom };
}
