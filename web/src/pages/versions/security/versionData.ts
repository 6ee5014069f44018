// The version the tab shows: its route params and its record. Stands in for the version page's
// shared context until that lands, fetching the record itself (cached, so tabs share it).
import { useQuery } from "@tanstack/react-query";
import { useParams } from "react-router";
import { api, unwrap } from "../../../api/client";

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

/** The version record (stage, sealed, digest) of the page's URL. */
export function useVersionRecord(params: VersionParams) {
  return useQuery({
    queryKey: ["version", params.group, params.name, params.versionId],
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/models/{group}/{name}/versions/{version}", versionPathParams(params)),
      ),
  });
}
