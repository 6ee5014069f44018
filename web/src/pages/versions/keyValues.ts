// Tags typed as `key=value` lines and metadata typed as a JSON object, parsed for PATCH.

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

/** `key=value` lines (blank lines ignored) → a tag map; names the first malformed line. */
export function parseTags(text: string): Parsed<Record<string, string>> {
  const tags: Record<string, string> = {};
  const lines = text.split("\n");
  for (const [index, raw] of lines.entries()) {
    const line = raw.trim();
    if (!line) continue;
    const eq = line.indexOf("=");
    if (eq <= 0) return { ok: false, error: `Line ${index + 1}: write key=value.` };
    tags[line.slice(0, eq).trim()] = line.slice(eq + 1).trim();
  }
  return { ok: true, value: tags };
}

/** A tag map as the `key=value` lines the form edits. */
export function formatTags(tags: Record<string, string>): string {
  return Object.entries(tags)
    .map(([key, value]) => `${key}=${value}`)
    .join("\n");
}

/** A JSON object (empty text means `{}`); anything else is an error to show beside the field. */
export function parseMetadata(text: string): Parsed<Record<string, unknown>> {
  if (!text.trim()) return { ok: true, value: {} };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, error: `Not valid JSON: ${(error as Error).message}` };
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return { ok: false, error: 'Metadata is a JSON object, e.g. {"auc": 0.91}.' };
  }
  return { ok: true, value: value as Record<string, unknown> };
}

/** A metadata value as text: strings as they are, anything else as compact JSON. */
export function showValue(value: unknown): string {
  return typeof value === "string" ? value : JSON.stringify(value);
}
