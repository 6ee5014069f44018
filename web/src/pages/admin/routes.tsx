// Administration (users, roles, tokens) and every user's own tokens.
import type { RouteObject } from "react-router";

export const adminRoutes: RouteObject[] = [
  {
    path: "admin/users",
    lazy: () => import("./UsersPage").then((m) => ({ Component: m.UsersPage })),
  },
  {
    path: "admin/users/:username",
    lazy: () => import("./UserPage").then((m) => ({ Component: m.UserPage })),
  },
  {
    path: "settings/tokens",
    lazy: () => import("./MyTokensPage").then((m) => ({ Component: m.MyTokensPage })),
  },
];
