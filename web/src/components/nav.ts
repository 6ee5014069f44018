// The console's sections and the permission each needs before it is offered.
import type { Permission } from "../app/me";

export interface NavItem {
  to: string;
  label: string;
  permission: Permission;
}

export const NAV_ITEMS: NavItem[] = [
  { to: "/", label: "Search", permission: "models:read" },
  { to: "/approvals", label: "Approvals", permission: "promotions:approve" },
  { to: "/policies", label: "Policies", permission: "policies:read" },
  { to: "/security", label: "Security", permission: "scans:read" },
  { to: "/audit", label: "Audit", permission: "audit:read" },
  { to: "/admin/users", label: "Users", permission: "users:admin" },
];
