// The audit area: the chain and its verification, decision records, and notifications.
import type { RouteObject } from "react-router";

export const auditRoutes: RouteObject[] = [
  {
    path: "audit",
    lazy: () => import("./AuditPage").then((m) => ({ Component: m.AuditPage })),
  },
  {
    path: "audit/decisions/:decisionId",
    lazy: () => import("./DecisionPage").then((m) => ({ Component: m.DecisionPage })),
  },
  {
    path: "notifications",
    lazy: () => import("./NotificationsPage").then((m) => ({ Component: m.NotificationsPage })),
  },
];
