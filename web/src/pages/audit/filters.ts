// The audit timeline's filters live in the URL, so a filtered view can be shared, bookmarked
// and survives a reload. Times are kept in the URL as RFC 3339 (UTC) and edited in local time.

export interface AuditFilters {
  subject: string;
  actor: string;
  action: string;
  /** RFC 3339, inclusive. */
  since: string;
  /** RFC 3339, exclusive. */
  until: string;
}

export const FILTER_KEYS = ["subject", "actor", "action", "since", "until"] as const;

export const EMPTY_FILTERS: AuditFilters = {
  subject: "",
  actor: "",
  action: "",
  since: "",
  until: "",
};

/** Reads the filters from the page's search params; unknown params are ignored. */
export function filtersFromSearch(params: URLSearchParams): AuditFilters {
  const out = { ...EMPTY_FILTERS };
  for (const key of FILTER_KEYS) out[key] = params.get(key)?.trim() ?? "";
  return out;
}

/** The search params for `filters`: empty filters are left out so URLs stay short. */
export function searchFromFilters(filters: AuditFilters): URLSearchParams {
  const params = new URLSearchParams();
  for (const key of FILTER_KEYS) {
    const value = filters[key].trim();
    if (value) params.set(key, value);
  }
  return params;
}

/** The query of GET /api/v1/audit/events for `filters` (only the ones set). */
export function apiQuery(filters: AuditFilters): Partial<AuditFilters> {
  const query: Partial<AuditFilters> = {};
  for (const key of FILTER_KEYS) {
    const value = filters[key].trim();
    if (value) query[key] = value;
  }
  return query;
}

/** True when at least one filter is set. */
export function hasFilters(filters: AuditFilters): boolean {
  return FILTER_KEYS.some((key) => filters[key].trim() !== "");
}

function pad(value: number): string {
  return String(value).padStart(2, "0");
}

/** An RFC 3339 time as the value of a `datetime-local` input, in the browser's time zone. */
export function toLocalInput(iso: string): string {
  if (!iso) return "";
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return "";
  return (
    `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}` +
    `T${pad(date.getHours())}:${pad(date.getMinutes())}`
  );
}

/** A `datetime-local` value (local time) as RFC 3339 in UTC; empty stays empty. */
export function fromLocalInput(local: string): string {
  if (!local) return "";
  const date = new Date(local);
  return Number.isNaN(date.getTime()) ? "" : date.toISOString();
}
