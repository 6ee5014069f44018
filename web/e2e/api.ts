// Seeding through the public API, as a given role, for tests that need data before the UI opens.
import type { E2EState, RoleName } from "./state";

/** Calls the registry as `role`; throws with the problem body on any non-2xx answer. */
export async function apiCall<T = unknown>(
  state: E2EState,
  role: RoleName,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<T> {
  const init: RequestInit = {
    method,
    headers: { Authorization: `Bearer ${state.tokens[role]}`, ...headers },
  };
  if (body instanceof Uint8Array || typeof body === "string") {
    init.body = body as BodyInit;
  } else if (body !== undefined) {
    init.body = JSON.stringify(body);
    (init.headers as Record<string, string>)["Content-Type"] = "application/json";
  }
  const response = await fetch(`${state.baseURL}${path}`, init);
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

export interface SeededVersion {
  group: string;
  name: string;
  version: string;
  path: string;
}

/**
 * Registers `group/name` (owned by the owner role) with a version holding one small artifact and a
 * dataset lineage link, sealed unless `seal` is false. Names must be unique per test and project.
 */
export async function seedVersion(
  state: E2EState,
  group: string,
  name: string,
  options: { version?: string; riskTier?: "low" | "medium" | "high"; seal?: boolean } = {},
): Promise<SeededVersion> {
  const version = options.version ?? "1.0.0";
  await apiCall(state, "owner", "POST", "/api/v1/models", {
    group,
    name,
    risk_tier: options.riskTier ?? "low",
    framework: "sklearn",
    task: "classification",
    license: "Apache-2.0",
    description: `${name}: seeded by the browser tests`,
    owners: [state.usernames.owner],
    tags: { team: "e2e" },
  }).catch((error: Error) => {
    if (!/409/.test(error.message)) throw error;
  });
  const base = `/api/v1/models/${group}/${name}/versions`;
  await apiCall(state, "owner", "POST", base, {
    version,
    description: "seeded version",
    lineage: [{ kind: "dataset", uri: `s3://e2e/${group}/${name}/train.parquet` }],
  });
  await apiCall(
    state,
    "owner",
    "PUT",
    `${base}/${version}/artifacts/model/weights.bin`,
    new TextEncoder().encode(`weights of ${group}/${name}@${version}\n`),
    { "Content-Type": "application/octet-stream" },
  );
  if (options.seal !== false) await apiCall(state, "owner", "POST", `${base}/${version}/seal`);
  return { group, name, version, path: `/models/${group}/${name}/versions/${version}` };
}

/** A name unique to this test run and Playwright project, safe as a model group or name. */
export function uniqueName(prefix: string, project: string): string {
  return `${prefix}-${project}-${Date.now().toString(36)}`.toLowerCase();
}
