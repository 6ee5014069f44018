// Search is the console's front page (the index route of the shell).
import type { RouteObject } from "react-router";

export const searchRoutes: RouteObject[] = [
  {
    index: true,
    lazy: () => import("./SearchPage").then((m) => ({ Component: m.SearchPage })),
  },
];
