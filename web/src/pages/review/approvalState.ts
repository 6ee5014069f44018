// What a promotion still needs and whether the signed-in user can give it. Pure functions, so the
// inbox filter and the review page agree and can be tested without a server.
import type { Schemas } from "../../api/client";

export type Promotion = Schemas["PromotionRead"];
export type Role = Schemas["Role"];

/** The typed form of a promotion's `approval_status` (computed by the server's policy). */
export interface ApprovalStatus {
  requiredRoles: Role[];
  missingRoles: Role[];
  satisfied: boolean;
  twoPerson: boolean;
  distinctApprovers: number;
}

const ROLE_LABELS: Record<Role, string> = {
  model_owner: "Model owner",
  mrc: "MRC",
  security_architect: "Security",
  sre: "SRE",
  auditor: "Auditor",
  admin: "Admin",
};

/** A short human name for a role ("MRC", "Security"). */
export function roleLabel(role: Role): string {
  return ROLE_LABELS[role] ?? role;
}

function roles(value: unknown): Role[] {
  return Array.isArray(value)
    ? value.filter((item): item is Role => typeof item === "string" && item in ROLE_LABELS)
    : [];
}

/** Reads `approval_status`, tolerating a missing key (an older decision record). */
export function approvalStatus(promotion: Pick<Promotion, "approval_status">): ApprovalStatus {
  const raw = promotion.approval_status;
  const distinct = raw.distinct_approvers;
  return {
    requiredRoles: roles(raw.required_roles),
    missingRoles: roles(raw.missing_roles),
    satisfied: raw.satisfied === true,
    twoPerson: raw.two_person === true,
    distinctApprovers: typeof distinct === "number" ? distinct : 0,
  };
}

/** "needs MRC and Security", plus the two-person count when that rule applies. */
export function describeMissing(status: ApprovalStatus): string {
  const parts: string[] = [];
  if (status.missingRoles.length > 0) {
    const names = status.missingRoles.map(roleLabel);
    const list =
      names.length > 1 ? `${names.slice(0, -1).join(", ")} and ${names.at(-1)}` : names[0];
    parts.push(`needs ${list}`);
  } else if (status.satisfied) {
    parts.push("approvals complete");
  }
  if (status.twoPerson && status.requiredRoles.length > 1) {
    const given = Math.min(status.distinctApprovers, status.requiredRoles.length);
    parts.push(`two-person rule: ${given} of ${status.requiredRoles.length}`);
  }
  return parts.join("; ");
}

export interface Viewer {
  id: string;
  username: string;
  roles: Role[];
}

/**
 * The roles in which `viewer` could still approve: required, missing, held, not yet used by them;
 * none when they asked for it or own the model (separation of duties), and none under the
 * two-person rule once they approved in any role (one person cannot cover two roles).
 */
export function rolesICanGive(
  promotion: Promotion,
  viewer: Viewer,
  modelOwners: readonly string[] = [],
): Role[] {
  if (promotion.state !== "awaiting_approval") return [];
  if (promotion.requested_by === viewer.id || modelOwners.includes(viewer.username)) return [];
  const mine = promotion.approvals.filter((approval) => approval.approver === viewer.id);
  const status = approvalStatus(promotion);
  if (status.twoPerson && mine.some((approval) => approval.decision === "approve")) return [];
  const used = new Set(mine.map((approval) => approval.role));
  return status.missingRoles.filter((role) => viewer.roles.includes(role) && !used.has(role));
}

/** True when the promotion still needs an approval that `viewer` can give. */
export function isWaitingForMe(
  promotion: Promotion,
  viewer: Viewer,
  modelOwners: readonly string[] = [],
): boolean {
  return rolesICanGive(promotion, viewer, modelOwners).length > 0;
}

/** Why the viewer cannot act on a promotion, in words; null when they can. */
export function whyNotMine(
  promotion: Promotion,
  viewer: Viewer,
  modelOwners: readonly string[] = [],
): string | null {
  if (promotion.state !== "awaiting_approval") return `This request is ${promotion.state}.`;
  if (promotion.requested_by === viewer.id) return "You requested this promotion.";
  if (modelOwners.includes(viewer.username)) return "You own this model.";
  if (rolesICanGive(promotion, viewer, modelOwners).length > 0) return null;
  if (promotion.approvals.some((approval) => approval.approver === viewer.id))
    return "You have already decided on this request.";
  return "None of your roles is still needed.";
}

/** Splits `group/name` into its parts. */
export function splitModel(fullName: string): { group: string; name: string } {
  const slash = fullName.indexOf("/");
  return { group: fullName.slice(0, slash), name: fullName.slice(slash + 1) };
}
