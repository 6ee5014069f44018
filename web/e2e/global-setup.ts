// Starts a real `modelreg serve` on an empty data directory, seeds one user per role, and stops
// the server when the run ends.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { STATE_FILE, type E2EState, type RoleName } from "./state";

const REPO = resolve(fileURLToPath(new URL("../..", import.meta.url)));
const BIN = join(REPO, ".venv", "bin");

const USERS: Record<Exclude<RoleName, "admin">, { username: string; roles: string[] }> = {
  owner: { username: "olivia-owner", roles: ["model_owner"] },
  mrc: { username: "mark-mrc", roles: ["mrc"] },
  security: { username: "sam-security", roles: ["security_architect"] },
  sre: { username: "sid-sre", roles: ["sre"] },
  auditor: { username: "ada-auditor", roles: ["auditor"] },
};

function waitForAdminToken(server: ChildProcess): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    let output = "";
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 60_000);
    server.stdout?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      const match = /admin token \(shown once, store it now\): (\S+)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolvePromise(match[1]);
      }
    });
    server.stderr?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    server.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${output}`));
    });
  });
}

async function waitReady(baseURL: string): Promise<void> {
  for (let attempt = 0; attempt < 120; attempt += 1) {
    try {
      const response = await fetch(`${baseURL}/readyz`);
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${baseURL}/readyz never answered 200`);
}

async function call(baseURL: string, token: string, path: string, body: unknown): Promise<unknown> {
  const response = await fetch(`${baseURL}${path}`, {
    method: "POST",
    headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
  return response.json();
}

export default async function globalSetup(): Promise<() => Promise<void>> {
  const port = process.env.E2E_PORT;
  if (!port) throw new Error("E2E_PORT is set by playwright.config.ts");
  const baseURL = `http://127.0.0.1:${port}`;
  const home = mkdtempSync(join(tmpdir(), "modelreg-e2e-"));
  const server = spawn(join(BIN, "modelreg"), ["serve", "--host", "127.0.0.1", "--port", port], {
    env: { ...process.env, MODELREG_HOME: home, MODELREG_DATABASE_URL: "" },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  const admin = await waitForAdminToken(server);
  await waitReady(baseURL);

  const tokens = { admin } as Record<RoleName, string>;
  const usernames = { admin: "admin" } as Record<RoleName, string>;
  for (const [role, user] of Object.entries(USERS) as [
    Exclude<RoleName, "admin">,
    (typeof USERS)["owner"],
  ][]) {
    await call(baseURL, admin, "/api/v1/users", user);
    const issued = (await call(baseURL, admin, `/api/v1/users/${user.username}/tokens`, {
      label: "e2e",
      expires_in_days: 1,
    })) as { token: string };
    tokens[role] = issued.token;
    usernames[role] = user.username;
  }
  const state: E2EState = { baseURL, home, bin: BIN, tokens, usernames };
  writeFileSync(STATE_FILE, JSON.stringify(state, null, 2));

  return async () => {
    if (server.pid) {
      try {
        process.kill(-server.pid, "SIGTERM");
      } catch {
        // Already gone.
      }
    }
    await new Promise((r) => setTimeout(r, 500));
    rmSync(home, { recursive: true, force: true });
    rmSync(STATE_FILE, { force: true });
  };
}
