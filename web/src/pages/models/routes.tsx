// A model's page; its versions have their own pages (src/pages/versions).
import type { RouteObject } from "react-router";

export const modelRoutes: RouteObject[] = [
  {
    path: "models/:group/:name",
    lazy: () => import("./ModelPage").then((m) => ({ Component: m.ModelPage })),
  },
];
