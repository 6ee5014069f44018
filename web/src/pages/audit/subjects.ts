// Audit and notification subjects name what an event concerns, e.g. `model:fraud/scorer` or
// `version:fraud/scorer@1.2.0`; the ones the console has a page for become links.

export interface SubjectLink {
  /** The console path of the subject's page. */
  to: string;
  /** What the link reads, e.g. `fraud/scorer@1.2.0`. */
  label: string;
}

const MODEL = /^model:([^/@\s]+)\/([^/@\s]+)$/;
const VERSION = /^version:([^/@\s]+)\/([^/@\s]+)@(\S+)$/;

function part(value: string): string {
  return encodeURIComponent(value);
}

/** The page of a model or version subject; null for subjects without a page (users, jobs…). */
export function subjectLink(subject: string): SubjectLink | null {
  const version = VERSION.exec(subject);
  if (version) {
    const [, group = "", name = "", number = ""] = version;
    return {
      to: `/models/${part(group)}/${part(name)}/versions/${part(number)}`,
      label: `${group}/${name}@${number}`,
    };
  }
  const model = MODEL.exec(subject);
  if (model) {
    const [, group = "", name = ""] = model;
    return { to: `/models/${part(group)}/${part(name)}`, label: `${group}/${name}` };
  }
  return null;
}
