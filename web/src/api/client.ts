// The typed client: every call the UI makes goes through the public API described by openapi.json.
import createClient, { type Middleware } from "openapi-fetch";
import type { components, paths } from "./schema";
import { session } from "../app/session";

export type Schemas = components["schemas"];
export type Problem = Schemas["Problem"];

/** A failed call: the server's problem+json, or `offline` when the request never reached it. */
export class ApiError extends Error {
  readonly status: number;
  readonly problem: Problem | null;
  readonly offline: boolean;

  constructor(message: string, status: number, problem: Problem | null, offline = false) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.problem = problem;
    this.offline = offline;
  }

  /** Field-level messages keyed by the field's dotted location (without the leading `body`). */
  fieldErrors(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const item of this.problem?.errors ?? []) {
      const loc = (item.loc ?? []).filter((part) => part !== "body" && part !== "query").join(".");
      if (item.msg && !(loc in out)) out[loc] = item.msg;
    }
    return out;
  }
}

function isProblem(value: unknown): value is Problem {
  return typeof value === "object" && value !== null && "title" in value && "status" in value;
}

/** Builds an ApiError from a failed response and its parsed body. */
export function apiError(response: Response, body: unknown): ApiError {
  if (isProblem(body)) {
    return new ApiError(body.detail || body.title, response.status, body);
  }
  return new ApiError(
    `${response.status} ${response.statusText || "error"}`,
    response.status,
    null,
  );
}

/** The error to show when fetch itself failed: the browser is offline or the server is down. */
export function offlineError(cause: unknown): ApiError {
  const message =
    typeof navigator !== "undefined" && navigator.onLine === false
      ? "You are offline. Nothing was sent; try again when the connection is back."
      : "The registry could not be reached. Nothing was sent; try again in a moment.";
  const error = new ApiError(message, 0, null, true);
  error.cause = cause;
  return error;
}

const authenticate: Middleware = {
  onRequest({ request }) {
    const token = session.token();
    if (token) request.headers.set("Authorization", `Bearer ${token}`);
    return request;
  },
  onResponse({ response }) {
    // A revoked or expired token: keep the page (and any form) as it is and ask for a new token.
    if (response.status === 401 && session.token()) session.expire();
    return response;
  },
};

// `fetch` is looked up at call time (not captured here), so tests can stub it at the boundary.
export const api = createClient<paths>({
  baseUrl: globalThis.location?.origin ?? "",
  fetch: (request) => globalThis.fetch(request),
});
api.use(authenticate);

type Result<T> = { data?: T; error?: unknown; response: Response };

/** Awaits an openapi-fetch call and returns its data, or throws an ApiError. */
export async function unwrap<T>(call: Promise<Result<T>>): Promise<T> {
  let result: Result<T>;
  try {
    result = await call;
  } catch (cause) {
    throw offlineError(cause);
  }
  if (!result.response.ok || result.error !== undefined) {
    throw apiError(result.response, result.error);
  }
  return result.data as T;
}
