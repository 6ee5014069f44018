// Seeding for the review and approval tests: versions that pass the default policy pack (sealed,
// scanned without blocking findings, card and lineage complete) and promotion requests.
import { apiCall } from "./api";
import type { E2EState, RoleName } from "./state";

export interface Ref {
  group: string;
  name: string;
  version: string;
}

export interface Promotion {
  id: string;
  state: string;
  target_stage: string;
  approval_status: { missing_roles: string[] };
}

/** A caller: one of the seeded roles, or a token issued in the test. */
export type As = RoleName | { token: string };

// A token issued in the test is sent by standing it in for the owner's in a copy of the state.
async function call<T>(state: E2EState, as: As, method: string, path: string, body?: unknown) {
  if (typeof as === "string") return apiCall<T>(state, as, method, path, body);
  const extra = { ...state, tokens: { ...state.tokens, owner: as.token } };
  return apiCall<T>(extra, "owner", method, path, body);
}

const versionsOf = (ref: Pick<Ref, "group" | "name">) =>
  `/api/v1/models/${ref.group}/${ref.name}/versions`;

export interface ReadyOptions {
  riskTier?: "low" | "medium";
  as?: As;
  owner?: string;
  files?: Record<string, string>;
  metadata?: Record<string, unknown>;
  tags?: Record<string, string>;
  dataset?: string;
  intendedUse?: string;
}

/**
 * Registers the model (if new) and a version that passes every production rule except the
 * approvals: lineage to a dataset and a commit, both card sections, submitted (which seals it),
 * and its security scan finished. Resolves once the scan is complete.
 */
export async function seedReadyVersion(state: E2EState, ref: Ref, options: ReadyOptions = {}) {
  const as = options.as ?? "owner";
  await call(state, as, "POST", "/api/v1/models", {
    group: ref.group,
    name: ref.name,
    risk_tier: options.riskTier ?? "low",
    framework: "sklearn",
    task: "classification",
    license: "Apache-2.0",
    description: `${ref.name}: seeded by the review tests`,
    owners: [options.owner ?? state.usernames.owner],
  }).catch((error: Error) => {
    if (!/409/.test(error.message)) throw error;
  });
  await call(state, as, "POST", versionsOf(ref), {
    version: ref.version,
    description: `candidate ${ref.version}`,
    metadata: options.metadata ?? {},
    tags: options.tags ?? {},
    lineage: [
      { kind: "dataset", uri: options.dataset ?? `s3://e2e/${ref.group}/train.parquet` },
      {
        kind: "code",
        repository: "https://git.example.com/e2e/scorer",
        commit: "9fceb02d0ae598e95dc970b74767f19372d61af8",
      },
    ],
  });
  const base = `${versionsOf(ref)}/${ref.version}`;
  const files = options.files ?? { "model.bin": `weights of ${ref.version}\n` };
  for (const [path, text] of Object.entries(files)) {
    const token = typeof as === "string" ? state.tokens[as] : as.token;
    const response = await fetch(`${state.baseURL}${base}/artifacts/${path}`, {
      method: "PUT",
      headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/octet-stream" },
      body: new TextEncoder().encode(text),
    });
    if (!response.ok)
      throw new Error(`upload ${path}: ${response.status} ${await response.text()}`);
  }
  await call(state, as, "PUT", `${base}/card/annotations`, {
    intended_use: options.intendedUse ?? "Triage of card-not-present transactions.",
    limitations: "Not calibrated for merchants with fewer than 100 transactions.",
  });
  await requestPromotion(state, ref, "submitted", "ready for review", as);
  await waitForScan(state, ref);
}

/** Polls the version's security status until every scanner has finished on its digest. */
export async function waitForScan(state: E2EState, ref: Ref): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const status = await apiCall<{ status: string }>(
      state,
      "security",
      "GET",
      `${versionsOf(ref)}/${ref.version}/scans`,
    );
    if (status.status === "complete") return;
    if (Date.now() > deadline) throw new Error(`scan of ${ref.version} is still ${status.status}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

/** Asks for `target` as the owner (or `as`); returns the request as the server judged it. */
export function requestPromotion(
  state: E2EState,
  ref: Ref,
  target: string,
  rationale: string,
  as: As = "owner",
): Promise<Promotion> {
  return call<Promotion>(state, as, "POST", `${versionsOf(ref)}/${ref.version}/promotions`, {
    target_stage: target,
    rationale,
  });
}

/** Records an approval through the API (for the baseline version, not the one under test). */
export function approve(state: E2EState, role: RoleName, id: string, rationale: string) {
  return apiCall<Promotion>(state, role, "POST", `/api/v1/promotions/${id}/approvals`, {
    decision: "approve",
    rationale,
  });
}

/** The version's current stage, read through the API. */
export async function stageOf(state: E2EState, ref: Ref): Promise<string> {
  const version = await apiCall<{ stage: string }>(
    state,
    "auditor",
    "GET",
    `${versionsOf(ref)}/${ref.version}`,
  );
  return version.stage;
}

/** Creates a user with `roles` through the admin token and issues them a token. */
export async function createUser(state: E2EState, username: string, roles: string[]) {
  await apiCall(state, "admin", "POST", "/api/v1/users", { username, roles });
  const issued = await apiCall<{ token: string }>(
    state,
    "admin",
    "POST",
    `/api/v1/users/${username}/tokens`,
    { label: "e2e", expires_in_days: 1 },
  );
  return { username, token: issued.token };
}
