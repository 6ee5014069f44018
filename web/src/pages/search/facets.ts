// The facets the search offers, described as data so a new one (e.g. failed evaluations, once
// the API has it) is one entry here. Counts come from GET /api/v1/models/facets when available.
import { RISK_TIERS, STAGES, type FilterKey } from "./searchState";

export interface FacetValue {
  value: string;
  count: number;
}

export interface FacetCount {
  values: FacetValue[];
  /** More values exist than listed. */
  truncated: boolean;
}

/** Per facet its values with counts, each counted under every filter but its own. */
export type FacetCounts = Partial<Record<FilterKey, FacetCount>>;

export interface FacetDef {
  key: FilterKey;
  label: string;
  /** The whole vocabulary, when it is fixed; other facets are open-ended. */
  fixed?: readonly string[];
  /** Several values may be chosen at once (all are required). */
  multi?: boolean;
  /** The words shown for a value, when not the value itself. */
  valueLabel?: (value: string) => string;
  /** What an open-ended value looks like, for the free-text field. */
  placeholder?: string;
  hint?: string;
}

export const FACETS: readonly FacetDef[] = [
  { key: "group", label: "Group", placeholder: "e.g. fraud" },
  { key: "risk_tier", label: "Risk tier", fixed: RISK_TIERS },
  { key: "stage", label: "Stage", fixed: STAGES, hint: "Has a version in this stage." },
  { key: "framework", label: "Framework", placeholder: "e.g. xgboost" },
  { key: "task", label: "Task", placeholder: "e.g. tabular-classification" },
  { key: "owner", label: "Owner", placeholder: "username" },
  {
    key: "tag",
    label: "Tags",
    multi: true,
    placeholder: "key=value",
    hint: "Results have every chosen tag.",
  },
  { key: "license", label: "License", placeholder: "e.g. Apache-2.0" },
  {
    key: "blocking_findings",
    label: "Blocking findings",
    fixed: ["true", "false"],
    valueLabel: (value) => (value === "true" ? "Has blocking findings" : "No blocking findings"),
  },
];
