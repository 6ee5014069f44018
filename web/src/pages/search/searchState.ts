// The search as a value: what the URL holds (query, view, sort, filters), how it is read back, and
// which API query it becomes. The URL is the only store, so back/forward and shared links restore
// the exact search.
import type { Schemas } from "../../api/client";
import type { paths } from "../../api/schema";

export type View = "models" | "versions";
export type ModelSort = Schemas["ModelSort"];
export type VersionSort = Schemas["VersionSort"];

/** Filters that take one value each; `tag` (below) takes several. */
export const SINGLE_FILTERS = [
  "group",
  "risk_tier",
  "stage",
  "framework",
  "task",
  "owner",
  "license",
  "blocking_findings",
] as const;
export type SingleFilter = (typeof SINGLE_FILTERS)[number];
export type FilterKey = SingleFilter | "tag";

export interface SearchState {
  view: View;
  q: string;
  sort: ModelSort | VersionSort;
  filters: Partial<Record<SingleFilter, string>>;
  tags: string[];
}

export const RISK_TIERS: readonly Schemas["RiskTier"][] = ["low", "medium", "high"];
export const STAGES: readonly Schemas["Stage"][] = [
  "draft",
  "submitted",
  "staging",
  "production",
  "deprecated",
  "archived",
  "rejected",
];
export const MODEL_SORTS: readonly ModelSort[] = [
  "name",
  "-name",
  "created_at",
  "-created_at",
  "updated_at",
  "-updated_at",
];
export const VERSION_SORTS: readonly VersionSort[] = [
  "-created_at",
  "created_at",
  "-version",
  "version",
];
/** The API's default order per view; it is left out of the URL. */
export const DEFAULT_SORT: Record<View, ModelSort | VersionSort> = {
  models: "name",
  versions: "-created_at",
};

/** Which filters each API search accepts. */
export const VIEW_FILTERS: Record<View, readonly FilterKey[]> = {
  models: [
    "group",
    "risk_tier",
    "stage",
    "framework",
    "task",
    "owner",
    "tag",
    "license",
    "blocking_findings",
  ],
  versions: ["group", "risk_tier", "stage", "framework", "tag"],
};

const FIXED_VALUES: Partial<Record<SingleFilter, readonly string[]>> = {
  risk_tier: RISK_TIERS,
  stage: STAGES,
  blocking_findings: ["true", "false"],
};

/** True when `value` is acceptable for `key` (fixed vocabularies are checked, others non-empty). */
function validValue(key: SingleFilter, value: string): boolean {
  const fixed = FIXED_VALUES[key];
  return value.trim() !== "" && (!fixed || fixed.includes(value));
}

/** Reads a search from URL search params; unknown or invalid values are dropped. */
export function parseSearch(params: URLSearchParams): SearchState {
  const view: View = params.get("view") === "versions" ? "versions" : "models";
  const sorts: readonly string[] = view === "models" ? MODEL_SORTS : VERSION_SORTS;
  const sortParam = params.get("sort");
  const sort = (sortParam && sorts.includes(sortParam) ? sortParam : DEFAULT_SORT[view]) as
    ModelSort | VersionSort;
  const filters: SearchState["filters"] = {};
  for (const key of SINGLE_FILTERS) {
    const value = params.get(key);
    if (value !== null && validValue(key, value)) filters[key] = value;
  }
  const tags = [...new Set(params.getAll("tag").filter((tag) => /^[^=]+=/.test(tag)))];
  return { view, q: params.get("q") ?? "", sort, filters, tags };
}

/** Writes a search as URL search params in a stable order, leaving defaults out. */
export function toSearchParams(state: SearchState): URLSearchParams {
  const params = new URLSearchParams();
  if (state.q) params.set("q", state.q);
  if (state.view !== "models") params.set("view", state.view);
  if (state.sort !== DEFAULT_SORT[state.view]) params.set("sort", state.sort);
  for (const key of SINGLE_FILTERS) {
    const value = state.filters[key];
    if (value !== undefined) params.set(key, value);
  }
  for (const tag of state.tags) params.append("tag", tag);
  return params;
}

/** The search with one single-value filter set, or cleared with `null`. */
export function withFilter(state: SearchState, key: SingleFilter, value: string | null) {
  const filters = { ...state.filters };
  if (value === null || !validValue(key, value)) delete filters[key];
  else filters[key] = value;
  return { ...state, filters };
}

/** The search with `tag` (`key=value`) added or removed. */
export function withTag(state: SearchState, tag: string, on: boolean): SearchState {
  const rest = state.tags.filter((t) => t !== tag);
  return { ...state, tags: on && /^[^=]+=/.test(tag) ? [...rest, tag] : rest };
}

/** The search shown in the other view; the sort goes back to that view's default. */
export function withView(state: SearchState, view: View): SearchState {
  return { ...state, view, sort: DEFAULT_SORT[view] };
}

/** How many filters are in force for the current view (for the phone's "Filters (2)" button). */
export function activeFilterCount(state: SearchState): number {
  const allowed = VIEW_FILTERS[state.view];
  const singles = SINGLE_FILTERS.filter(
    (key) => allowed.includes(key) && state.filters[key] !== undefined,
  );
  return singles.length + (allowed.includes("tag") ? state.tags.length : 0);
}

type ModelQuery = NonNullable<paths["/api/v1/models"]["get"]["parameters"]["query"]>;
type VersionQuery = NonNullable<paths["/api/v1/versions"]["get"]["parameters"]["query"]>;

/** The GET /api/v1/models query of a search (without paging). */
export function modelQuery(state: SearchState): ModelQuery {
  const f = state.filters;
  const query: ModelQuery = { sort: state.sort as ModelSort };
  if (state.q.trim()) query.q = state.q.trim();
  if (f.group) query.group = f.group;
  if (f.risk_tier) query.risk_tier = f.risk_tier as Schemas["RiskTier"];
  if (f.stage) query.stage = f.stage as Schemas["Stage"];
  if (f.framework) query.framework = f.framework;
  if (f.task) query.task = f.task;
  if (f.owner) query.owner = f.owner;
  if (f.license) query.license = f.license;
  if (f.blocking_findings) query.blocking_findings = f.blocking_findings === "true";
  if (state.tags.length > 0) query.tag = state.tags;
  return query;
}

/** The GET /api/v1/versions query of a search (without paging). */
export function versionQuery(state: SearchState): VersionQuery {
  const query: VersionQuery = { sort: state.sort as VersionSort };
  if (state.q.trim()) query.q = state.q.trim();
  const f = state.filters;
  if (f.group) query.group = f.group;
  if (f.risk_tier) query.risk_tier = f.risk_tier as Schemas["RiskTier"];
  if (f.stage) query.stage = f.stage as Schemas["Stage"];
  if (f.framework) query.framework = f.framework;
  if (state.tags.length > 0) query.tag = state.tags;
  return query;
}
