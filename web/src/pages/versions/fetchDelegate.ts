// openapi-fetch keeps the `fetch` it saw when the client was created, so a test's later
// vi.stubGlobal("fetch") would not reach it. Installed before the client module loads (import
// this first), this forwards every call to whatever `fetch` is at call time.
const original = globalThis.fetch;
const delegate: typeof fetch = (...args) =>
  (globalThis.fetch === delegate ? original : globalThis.fetch)(...args);
globalThis.fetch = delegate;
