// The roles a user can hold, with readable names. `Record<Role, …>` makes the compiler insist on
// every role the API defines, so a new role cannot be left out of the forms.
import type { Schemas } from "../../api/client";

export type Role = Schemas["Role"];

export const ROLE_LABELS: Record<Role, string> = {
  model_owner: "Model owner",
  mrc: "Model risk committee",
  security_architect: "Security architect",
  sre: "SRE",
  auditor: "Auditor",
  admin: "Administrator",
};

export const ROLES = Object.keys(ROLE_LABELS) as Role[];
