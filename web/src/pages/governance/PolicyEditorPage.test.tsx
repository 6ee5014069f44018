import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";

// The typed client keeps the `fetch` it found when it was created: stub it before any import.
const { fetchMock } = vi.hoisted(() => {
  const mock = vi.fn();
  globalThis.fetch = ((...args: Parameters<typeof fetch>) => mock(...args)) as typeof fetch;
  return { fetchMock: mock };
});

import { session } from "../../app/session";
import { PolicyEditorPage } from "./PolicyEditorPage";
import { json, problem, renderSignedIn, sent } from "./testing";

const ACTIVE_TEXT = `name: default
rules:
  - id: sealed
    applies_to: {stages: [production]}
    condition: version.sealed
    severity: block
    message: Seal it.
`;

const ACTIVE = {
  number: 1,
  name: "default",
  digest: "ab".repeat(32),
  active: true,
  text: ACTIVE_TEXT,
  created_at: "2026-12-07T10:00:00Z",
  created_by: "system",
};

type Handler = (request: Request) => Response | undefined;

function serve(handler: Handler = () => undefined) {
  fetchMock.mockImplementation((request: Request) => {
    const url = new URL(request.url);
    const answer = handler(request);
    if (answer) return Promise.resolve(answer);
    if (url.pathname === "/api/v1/policies/active") return Promise.resolve(json(ACTIVE));
    if (url.pathname === "/api/v1/models/fraud/scorer") {
      return Promise.resolve(json({ group: "fraud", name: "scorer", risk_tier: "low" }));
    }
    if (url.pathname === "/api/v1/models/fraud/scorer/versions/1.0.0") {
      return Promise.resolve(json({ version: "1.0.0", stage: "draft", sealed: true }));
    }
    return Promise.resolve(problem(404, `no stub for ${request.method} ${url.pathname}`));
  });
}

function editor(): HTMLTextAreaElement {
  return screen.getByLabelText<HTMLTextAreaElement>("Policy set (YAML)");
}

async function chooseVersion() {
  await userEvent.type(screen.getByLabelText("Model"), "fraud/scorer");
  await userEvent.type(screen.getByLabelText("Version"), "1.0.0");
  await userEvent.tab();
}

afterEach(() => {
  fetchMock.mockReset();
  session.signOut();
});

describe("PolicyEditorPage", () => {
  it("starts from the active policy set and keeps the edited text as a draft", async () => {
    serve();
    const first = renderSignedIn(<PolicyEditorPage />, ["policies:read"]);
    expect(await screen.findByLabelText("Policy set (YAML)")).toHaveValue(ACTIVE_TEXT);
    await userEvent.click(editor());
    await userEvent.keyboard("{Control>}{End}{/Control}# draft note");
    first.unmount();

    renderSignedIn(<PolicyEditorPage />, ["policies:read"]);
    expect(await screen.findByLabelText("Policy set (YAML)")).toHaveValue(
      `${ACTIVE_TEXT}# draft note`,
    );
    expect(screen.getByText(/; edited\./)).toBeInTheDocument();
  });

  it("shows the verdict rule by rule for the chosen version and stage", async () => {
    serve((request) =>
      new URL(request.url).pathname === "/api/v1/policies/dry-run"
        ? json({
            policy_digest: "cd".repeat(32),
            outcome: "awaiting_approval",
            input: { target_stage: "production" },
            results: [
              {
                rule_id: "sealed",
                description: "Sealed.",
                severity: "block",
                passed: true,
                message: "Seal it.",
                error: null,
              },
              {
                rule_id: "approvals",
                description: "",
                severity: "block",
                passed: false,
                message: "Ask the MRC.",
                error: null,
              },
              {
                rule_id: "fresh",
                description: "",
                severity: "warn",
                passed: false,
                message: "Import advisories.",
                error: null,
              },
            ],
          })
        : undefined,
    );
    renderSignedIn(<PolicyEditorPage />, ["policies:read"]);
    await screen.findByLabelText("Policy set (YAML)");
    await chooseVersion();
    expect(await screen.findByText(/Found: now/)).toHaveTextContent("draft");
    await userEvent.selectOptions(screen.getByLabelText("Target stage"), "production");
    await userEvent.click(screen.getByRole("button", { name: "Dry run" }));

    const table = await screen.findByRole("region", { name: "Verdict by rule" });
    const rows = within(table).getAllByRole("row").slice(1);
    expect(rows.map((row) => within(row).getAllByRole("cell")[0]?.textContent)).toEqual([
      "passed",
      "needs approval",
      "warning",
    ]);
    expect(rows[1]).toHaveTextContent("Ask the MRC.");
    expect(screen.getByText(/Promotion to production:/)).toHaveTextContent("needs approval");
    const dryRun = (await sent(fetchMock)).find((call) => call.path === "/api/v1/policies/dry-run");
    expect(dryRun).toEqual({
      method: "POST",
      path: "/api/v1/policies/dry-run",
      body: {
        text: ACTIVE_TEXT,
        model: "fraud/scorer",
        version: "1.0.0",
        target_stage: "production",
      },
    });
  });

  it("shows a refused document's problems on their lines and keeps the text", async () => {
    serve((request) =>
      new URL(request.url).pathname === "/api/v1/policies/dry-run"
        ? problem(422, "the policy set is invalid", [
            {
              loc: ["rules", "sealed", "condition"],
              msg: "rule 'sealed': unknown field 'version.foo'",
            },
          ])
        : undefined,
    );
    renderSignedIn(<PolicyEditorPage />, ["policies:read"]);
    await screen.findByLabelText("Policy set (YAML)");
    await chooseVersion();
    await userEvent.click(screen.getByRole("button", { name: "Dry run" }));

    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("The dry run failed: the policy set is invalid");
    expect(alert).toHaveTextContent("Line 5 rule 'sealed': unknown field 'version.foo'");
    expect(alert).toHaveTextContent("Request id req-1");
    expect(editor()).toHaveValue(ACTIVE_TEXT);
    expect(editor()).toHaveAttribute("aria-invalid", "true");
    expect(screen.getByTestId("line-numbers").children[4]).toHaveTextContent("! 5");

    await userEvent.click(within(alert).getByRole("button", { name: "Line 5" }));
    expect(editor()).toHaveFocus();
    expect(editor().selectionStart).toBe(ACTIVE_TEXT.indexOf("    condition"));
  });

  it("puts problems with the model next to the model field", async () => {
    serve((request) =>
      new URL(request.url).pathname === "/api/v1/policies/dry-run"
        ? problem(422, "bad model", [{ loc: ["model"], msg: "expected group/name" }])
        : undefined,
    );
    renderSignedIn(<PolicyEditorPage />, ["policies:read"]);
    await screen.findByLabelText("Policy set (YAML)");
    await chooseVersion();
    await userEvent.click(screen.getByRole("button", { name: "Dry run" }));
    expect(await screen.findByText("expected group/name")).toBeInTheDocument();
    expect(screen.getByLabelText("Model")).toHaveAttribute("aria-invalid", "true");
  });

  it("offers publishing only with policies:write", async () => {
    serve();
    renderSignedIn(<PolicyEditorPage />, ["policies:read"]);
    await screen.findByLabelText("Policy set (YAML)");
    expect(screen.queryByRole("button", { name: "Publish as new version" })).toBeNull();
  });

  it("publishes after confirmation and links the new version", async () => {
    serve((request) =>
      request.method === "PUT"
        ? json({ ...ACTIVE, number: 2, text: `${ACTIVE_TEXT}# v2\n` }, 201)
        : undefined,
    );
    renderSignedIn(<PolicyEditorPage />, ["policies:read", "policies:write"]);
    await screen.findByLabelText("Policy set (YAML)");
    await userEvent.click(editor());
    await userEvent.keyboard("{Control>}{End}{/Control}# v2\n");
    await userEvent.click(screen.getByRole("button", { name: "Publish as new version" }));
    const dialog = screen.getByRole("dialog", { name: "Publish this policy set?" });
    expect((await sent(fetchMock)).some((call) => call.method === "PUT")).toBe(false);
    await userEvent.click(within(dialog).getByRole("button", { name: "Publish" }));

    expect(await screen.findByRole("link", { name: "policy set #2" })).toHaveAttribute(
      "href",
      "/policies/2",
    );
    const put = (await sent(fetchMock)).find((call) => call.method === "PUT");
    expect(put).toEqual({
      method: "PUT",
      path: "/api/v1/policies",
      body: { text: `${ACTIVE_TEXT}# v2\n` },
    });
  });
});
