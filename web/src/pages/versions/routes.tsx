// A version's page: a shared header with tabs, each tab its own lazily loaded module and URL.
import type { RouteObject } from "react-router";

export const versionRoutes: RouteObject[] = [
  {
    path: "models/:group/:name/versions/:version",
    lazy: () => import("./VersionLayout").then((m) => ({ Component: m.VersionLayout })),
    children: [
      {
        index: true,
        lazy: () => import("./OverviewTab").then((m) => ({ Component: m.OverviewTab })),
      },
      {
        path: "artifacts",
        lazy: () => import("./ArtifactsTab").then((m) => ({ Component: m.ArtifactsTab })),
      },
      {
        path: "lineage",
        lazy: () => import("./lineage/LineageTab").then((m) => ({ Component: m.LineageTab })),
      },
      { path: "card", lazy: () => import("./CardTab").then((m) => ({ Component: m.CardTab })) },
      {
        path: "security",
        lazy: () => import("./security/SecurityTab").then((m) => ({ Component: m.SecurityTab })),
      },
      {
        path: "history",
        lazy: () => import("./HistoryTab").then((m) => ({ Component: m.HistoryTab })),
      },
    ],
  },
];
