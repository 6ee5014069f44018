// The version the lineage and security tabs show: its route params and its record.
import { useParams } from "react-router";
import { useVersion } from "../queries";

export interface VersionParams {
  group: string;
  name: string;
  versionId: string;
}

/** The group, name and version of the page's URL. */
export function useVersionParams(): VersionParams {
  const { group = "", name = "", version = "" } = useParams();
  return { group, name, versionId: version };
}

/** The path parameters every version-scoped API call takes. */
export function versionPathParams({ group, name, versionId }: VersionParams) {
  return { params: { path: { group, name, version: versionId } } };
}

/** The version record (stage, sealed, digest): the layout's own query, so no second request. */
export function useVersionRecord(params: VersionParams) {
  return useVersion(params.group, params.name, params.versionId);
}
