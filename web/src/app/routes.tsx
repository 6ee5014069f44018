// The route table. Each area owns a small routes file whose pages load lazily, so the first
// download holds only the shell.
import { createBrowserRouter, type RouteObject } from "react-router";
import { Shell } from "../components/Shell";
import { RouteError } from "../components/RouteError";
import { adminRoutes } from "../pages/admin/routes";
import { auditRoutes } from "../pages/audit/routes";
import { governanceRoutes } from "../pages/governance/routes";
import { modelRoutes } from "../pages/models/routes";
import { reviewRoutes } from "../pages/review/routes";
import { searchRoutes } from "../pages/search/routes";
import { versionRoutes } from "../pages/versions/routes";

export const routeTable: RouteObject[] = [
  {
    path: "/login",
    lazy: () => import("../pages/login/LoginPage").then((m) => ({ Component: m.LoginPage })),
  },
  {
    path: "/",
    Component: Shell,
    errorElement: <RouteError />,
    children: [
      ...searchRoutes,
      ...modelRoutes,
      ...versionRoutes,
      ...reviewRoutes,
      ...governanceRoutes,
      ...auditRoutes,
      ...adminRoutes,
      {
        path: "*",
        lazy: () => import("../pages/NotFoundPage").then((m) => ({ Component: m.NotFoundPage })),
      },
    ],
  },
];

export const router = createBrowserRouter(routeTable);
