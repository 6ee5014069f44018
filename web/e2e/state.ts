// What global-setup leaves for the tests: where the registry runs and a token per role.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

export type RoleName = "admin" | "owner" | "mrc" | "security" | "sre" | "auditor";

export interface E2EState {
  baseURL: string;
  /** MODELREG_HOME of the server under test (for CLI calls on the "server host"). */
  home: string;
  /** The repository's virtualenv bin directory (modelreg CLI). */
  bin: string;
  tokens: Record<RoleName, string>;
  usernames: Record<RoleName, string>;
}

export const STATE_FILE = fileURLToPath(new URL("./.state.json", import.meta.url));

/** Reads the state global-setup wrote. */
export function readState(): E2EState {
  return JSON.parse(readFileSync(STATE_FILE, "utf8")) as E2EState;
}
