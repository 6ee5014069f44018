// The reviewers' pages: the approvals inbox, a promotion's review and a risk-tier change.
import type { RouteObject } from "react-router";

export const reviewRoutes: RouteObject[] = [
  {
    path: "approvals",
    lazy: () => import("./ApprovalsPage").then((m) => ({ Component: m.ApprovalsPage })),
  },
  {
    path: "approvals/:promotionId",
    lazy: () => import("./ReviewPage").then((m) => ({ Component: m.ReviewPage })),
  },
  {
    path: "risk-tier-changes/:changeId",
    lazy: () => import("./RiskTierChangePage").then((m) => ({ Component: m.RiskTierChangePage })),
  },
];
