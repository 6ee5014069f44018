// What the version page's layout hands to its tabs through the router's outlet context, so no tab
// loads the model or the version again.
import { useOutletContext } from "react-router";
import type { Schemas } from "../../api/client";

export interface VersionContext {
  model: Schemas["ModelRead"];
  version: Schemas["VersionRead"];
  group: string;
  name: string;
  /** The version's id as it appears in the URL. */
  versionId: string;
}

/** The loaded model and version of the version page, for use inside one of its tabs. */
export function useVersionContext(): VersionContext {
  return useOutletContext<VersionContext>();
}

/**
 * The prefix of every query about one version (its own document, artifacts, card, scans...):
 * a tab keys its queries under it, so invalidating it after a seal or a scan refreshes them all.
 */
export function versionQueryKey(group: string, name: string, versionId: string) {
  return ["version", group, name, versionId] as const;
}
