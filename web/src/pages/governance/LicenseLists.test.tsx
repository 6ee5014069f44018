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
import { LicenseLists } from "./LicenseLists";
import { json, problem, renderSignedIn, sent } from "./testing";

const SAVED = { number: 0, allow: ["MIT", "Apache-2.0"], deny: ["SSPL-1.0"], review: ["GPL-*"] };

function list(title: string): HTMLElement {
  return screen.getByRole("region", { name: new RegExp(`^${title} \\(`) });
}

afterEach(() => {
  fetchMock.mockReset();
  session.signOut();
});

describe("LicenseLists", () => {
  it("adds and removes ids and saves the three lists", async () => {
    fetchMock.mockImplementation((request: Request) =>
      Promise.resolve(
        request.method === "PUT"
          ? json({ number: 1, allow: ["MIT", "ISC"], deny: ["SSPL-1.0"], review: ["GPL-*"] })
          : json(SAVED),
      ),
    );
    renderSignedIn(<LicenseLists saved={SAVED} />, ["scans:read", "security:write"]);
    const save = screen.getByRole("button", { name: "Save license lists" });
    expect(save).toBeDisabled();

    await userEvent.click(screen.getByRole("button", { name: "Remove Apache-2.0 from allowed" }));
    await userEvent.type(screen.getByLabelText("Add to allowed"), "ISC{Enter}");
    expect(
      within(list("Allowed"))
        .getAllByRole("listitem")
        .map((li) => li.textContent),
    ).toEqual(["MIT×", "ISC×"]);
    expect(screen.getByText("Unsaved changes")).toBeInTheDocument();

    await userEvent.click(save);
    expect(await screen.findByRole("status")).toHaveTextContent("Saved as lists version 1");
    const put = (await sent(fetchMock)).find((call) => call.method === "PUT");
    expect(put?.body).toEqual({ allow: ["MIT", "ISC"], deny: ["SSPL-1.0"], review: ["GPL-*"] });
  });

  it("refuses a duplicate in the same list before sending anything", async () => {
    renderSignedIn(<LicenseLists saved={SAVED} />, ["scans:read", "security:write"]);
    await userEvent.type(screen.getByLabelText("Add to denied"), "sspl-1.0{Enter}");
    expect(screen.getByText("sspl-1.0 is already on this list.")).toBeInTheDocument();
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it("shows the server's message next to each list it concerns and keeps the edits", async () => {
    fetchMock.mockResolvedValue(
      problem(422, "lists: 'MIT' is on more than one list (allow and deny); keep it on one", [
        { loc: ["lists"], msg: "'MIT' is on more than one list (allow and deny); keep it on one" },
      ]),
    );
    renderSignedIn(<LicenseLists saved={SAVED} />, ["scans:read", "security:write"]);
    await userEvent.type(screen.getByLabelText("Add to denied"), "MIT{Enter}");
    await userEvent.click(screen.getByRole("button", { name: "Save license lists" }));

    const message = "'MIT' is on more than one list (allow and deny); keep it on one";
    expect(await within(list("Allowed")).findByRole("alert")).toHaveTextContent(message);
    expect(within(list("Denied")).getByRole("alert")).toHaveTextContent(message);
    expect(within(list("Needs review")).queryByRole("alert")).toBeNull();
    expect(within(list("Denied")).getByText("MIT")).toBeInTheDocument();
  });

  it("names the list of a bad entry", async () => {
    fetchMock.mockResolvedValue(
      problem(422, "lists: review list entry 'no way' is not a license id", [
        { loc: ["lists"], msg: "review list entry 'no way' is not a license id" },
      ]),
    );
    renderSignedIn(<LicenseLists saved={SAVED} />, ["scans:read", "security:write"]);
    await userEvent.type(screen.getByLabelText("Add to needs review"), "no way{Enter}");
    await userEvent.click(screen.getByRole("button", { name: "Save license lists" }));
    expect(await within(list("Needs review")).findByRole("alert")).toHaveTextContent(
      "review list entry 'no way' is not a license id",
    );
    expect(within(list("Allowed")).queryByRole("alert")).toBeNull();
  });

  it("is read-only without security:write", () => {
    renderSignedIn(<LicenseLists saved={SAVED} />, ["scans:read"]);
    expect(within(list("Allowed")).getByText("MIT")).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: /Remove/ })).toBeNull();
    expect(screen.queryByLabelText("Add to allowed")).toBeNull();
    expect(screen.queryByRole("button", { name: "Save license lists" })).toBeNull();
  });
});
