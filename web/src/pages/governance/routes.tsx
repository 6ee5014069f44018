// Policy sets (list, one version, the dry-run editor) and security settings; each page loads lazily.
import type { RouteObject } from "react-router";

export const governanceRoutes: RouteObject[] = [
  {
    path: "policies",
    lazy: () => import("./PoliciesPage").then((m) => ({ Component: m.PoliciesPage })),
  },
  {
    path: "policies/edit",
    lazy: () => import("./PolicyEditorPage").then((m) => ({ Component: m.PolicyEditorPage })),
  },
  {
    path: "policies/:number",
    lazy: () => import("./PolicyPage").then((m) => ({ Component: m.PolicyPage })),
  },
  {
    path: "security",
    lazy: () => import("./SecurityPage").then((m) => ({ Component: m.SecurityPage })),
  },
];
