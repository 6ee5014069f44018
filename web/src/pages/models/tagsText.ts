// Tags edited as text: one `key=value` per line.

/** The tags as editable lines. */
export function tagsToText(tags: Record<string, string>): string {
  return Object.entries(tags)
    .map(([key, value]) => `${key}=${value}`)
    .join("\n");
}

/** Parses `key=value` lines (blank lines ignored); returns the lines that are not of that form. */
export function parseTags(text: string): { tags: Record<string, string>; bad: string[] } {
  const tags: Record<string, string> = {};
  const bad: string[] = [];
  for (const raw of text.split("\n")) {
    const line = raw.trim();
    if (!line) continue;
    const at = line.indexOf("=");
    if (at <= 0) bad.push(line);
    else tags[line.slice(0, at).trim()] = line.slice(at + 1).trim();
  }
  return { tags, bad };
}

/** Owners typed as a comma- or space-separated list of usernames. */
export function parseOwners(text: string): string[] {
  return [...new Set(text.split(/[\s,]+/).filter(Boolean))];
}
