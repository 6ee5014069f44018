import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { json, renderWithClient, stubFetch } from "./testing";
import { AnnotationForm } from "./AnnotationForm";
import { withSection } from "./cardSections";

afterEach(() => vi.unstubAllGlobals());

const current = {
  intended_use: "Scoring card-not-present transactions.",
  limitations: null,
  custom_sections: { Monitoring: "Drift reviewed weekly." },
};

function renderSection() {
  return renderWithClient(
    <AnnotationForm
      group="fraud"
      name="scorer"
      versionId="1.0.0"
      current={current}
      section={{ key: "limitations" }}
      label="Limitations"
    />,
  );
}

describe("AnnotationForm", () => {
  it("replaces one section and sends the others as they were", async () => {
    const stored = { ...current, limitations: "Not calibrated below 100 transactions." };
    const seen = stubFetch(json(200, stored));
    const client = renderSection();
    const box = screen.getByLabelText("Limitations");
    expect(screen.getByRole("button", { name: "Save limitations" })).toBeDisabled();
    await userEvent.type(box, "Not calibrated below 100 transactions.");
    expect(screen.getByText("Unsaved changes (kept in this tab).")).toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "Save limitations" }));

    await vi.waitFor(() =>
      expect(client.getQueryData(["version", "fraud", "scorer", "1.0.0", "annotations"])).toEqual(
        stored,
      ),
    );
    expect(seen[0]!.method).toBe("PUT");
    expect(new URL(seen[0]!.url).pathname).toBe(
      "/api/v1/models/fraud/scorer/versions/1.0.0/card/annotations",
    );
    expect(await seen[0]!.json()).toEqual(stored);
    expect(sessionStorage.getItem("modelreg.draft.card.fraud/scorer@1.0.0.limitations")).toBeNull();
  });

  it("keeps the text when the server refuses, and shows why", async () => {
    stubFetch(
      json(409, {
        type: "https://modelreg.dev/problems/wrong-state",
        title: "Conflict",
        status: 409,
        detail: "version 'fraud/scorer@1.0.0' is sealed",
      }),
    );
    renderSection();
    await userEvent.type(screen.getByLabelText("Limitations"), "Weak on new merchants.");
    await userEvent.click(screen.getByRole("button", { name: "Save limitations" }));
    expect(await screen.findByRole("alert")).toHaveTextContent(
      'Saving "Limitations" failed: Conflict',
    );
    expect(screen.getByLabelText("Limitations")).toHaveValue("Weak on new merchants.");
    expect(sessionStorage.getItem("modelreg.draft.card.fraud/scorer@1.0.0.limitations")).toBe(
      "Weak on new merchants.",
    );
  });

  it("restores an unsaved draft after a remount", async () => {
    sessionStorage.setItem("modelreg.draft.card.fraud/scorer@1.0.0.limitations", "half written");
    stubFetch();
    renderSection();
    expect(screen.getByLabelText("Limitations")).toHaveValue("half written");
  });
});

describe("withSection", () => {
  it("clears a section with empty text and edits custom sections by title", () => {
    expect(withSection(current, { key: "intended_use" }, "  ")).toMatchObject({
      intended_use: null,
    });
    expect(withSection(current, { custom: "Monitoring" }, "")).toMatchObject({
      custom_sections: {},
    });
    expect(withSection(current, { custom: "Retraining" }, "Quarterly.").custom_sections).toEqual({
      Monitoring: "Drift reviewed weekly.",
      Retraining: "Quarterly.",
    });
  });
});
