import { apiCall, seedVersion, uniqueName } from "./api";
import { expect, test } from "./fixtures";
import type { E2EState } from "./state";

const COMMIT = "3f786850e387550fdab836ed7e6dc881de23001b";

/** A sealed base model and an unsealed draft fine-tuned from it, with a dataset and a commit. */
async function seedLineage(state: E2EState, project: string) {
  const group = uniqueName("lin", project);
  const base = await seedVersion(state, group, "encoder");
  const draft = await seedVersion(state, group, "scorer", { seal: false });
  await apiCall(state, "owner", "POST", `/api/v1/models/${group}/scorer/versions/1.0.0/lineage`, [
    { kind: "code", repository: "https://git.example.com/risk/scorer", commit: COMMIT },
    { kind: "base_model", ref: `${group}/encoder@1.0.0` },
  ]);
  return { group, base, draft, dataset: `s3://e2e/${group}/scorer/train.parquet` };
}

test("the lineage graph shows upstream links, opens a base model, and lists the same links", async ({
  page,
  signIn,
  state,
  expectAccessible,
  shoot,
}, testInfo) => {
  const { group, base, draft, dataset } = await seedLineage(state, testInfo.project.name);
  await signIn("auditor");
  await page.goto(`${draft.path}/lineage`);
  await expect(page.getByRole("heading", { level: 2, name: "Lineage" })).toBeVisible();

  // Phones start on the list; everyone can switch to the graph.
  const graphToggle = page.getByRole("button", { name: "Graph", exact: true });
  if ((await graphToggle.getAttribute("aria-pressed")) !== "true") await graphToggle.click();
  const baseNode = page.getByRole("button", { name: `Base model: ${group}/encoder@1.0.0` });
  await expect(baseNode).toBeVisible();
  await expect(page.getByRole("button", { name: `Dataset: ${dataset}` })).toBeVisible();
  await expect(
    page.getByRole("button", { name: new RegExp(`^Code commit: ${COMMIT}`) }),
  ).toBeVisible();
  await expect(
    page.getByRole("button", { name: new RegExp(`^This version: ${group}/scorer`) }),
  ).toBeVisible();
  await expect(page.getByRole("button", { name: "Zoom in" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Fit the graph to the view" })).toBeVisible();

  // A dataset opens its details beside the graph, by keyboard.
  await page.getByRole("button", { name: `Dataset: ${dataset}` }).focus();
  await page.keyboard.press("Enter");
  const details = page.getByRole("region", { name: "Dataset", exact: true });
  await expect(details).toContainText(dataset);
  await expect(details).toContainText("training");
  await expectAccessible(page, "lineage graph");
  await shoot(page, "version-lineage");

  // The list view holds the same links: three of the scorer's, one of the encoder's (and a header).
  await page.getByRole("button", { name: "List", exact: true }).click();
  const table = page.getByRole("region", { name: "Lineage links" });
  await expect(table.getByRole("row")).toHaveCount(5);
  const fineTuned = table.getByRole("row").filter({ hasText: "fine tuned from" });
  await expect(fineTuned.getByRole("link", { name: `${group}/encoder@1.0.0` })).toBeVisible();
  await expect(table).toContainText(dataset);
  await expect(table).toContainText(COMMIT);
  await expectAccessible(page, "lineage list");
  // No one but an owner of a draft is offered editing.
  await expect(page.getByRole("button", { name: "Add link" })).toHaveCount(0);

  // Opening the base model goes to its version page, whose graph shows the scorer downstream.
  await page.getByRole("button", { name: "Graph", exact: true }).click();
  await baseNode.click();
  await expect(page).toHaveURL(new RegExp(`${base.path}$`));
  await page.goto(`${base.path}/lineage`);
  await page.getByRole("button", { name: "List", exact: true }).click();
  await expect(
    page.getByRole("region", { name: "Lineage links" }).getByRole("link", {
      name: `${group}/scorer@1.0.0`,
    }),
  ).toBeVisible();
});

test("an owner adds a link to a draft and sees the server's message beside a bad field", async ({
  page,
  signIn,
  state,
}, testInfo) => {
  const { draft } = await seedLineage(state, testInfo.project.name);
  await signIn("owner");
  await page.goto(`${draft.path}/lineage`);
  await page.getByRole("button", { name: "List", exact: true }).click();
  const table = page.getByRole("region", { name: "Lineage links" });
  await expect(table.getByRole("row")).toHaveCount(5);

  const form = page.getByRole("form", { name: "Add a lineage link" });
  await form.getByLabel("Kind of link").selectOption("base_model");
  await form.getByLabel("Base model (required)").fill("not a model ref");
  await form.getByRole("button", { name: "Add link" }).click();
  const field = form.getByLabel("Base model (required)");
  await expect(field).toHaveAttribute("aria-invalid", "true");
  await expect(field).toHaveAccessibleDescription(/expected 'group\/name@version'/);
  await expect(field).toHaveValue("not a model ref");
  await expect(form.getByRole("alert")).toContainText("Adding the link failed: Invalid input");

  await form.getByLabel("Kind of link").selectOption("dataset");
  await form.getByLabel("Dataset URI (required)").fill("s3://e2e/eval/holdout.parquet");
  await form.getByLabel("Role").selectOption("evaluation");
  await form.getByRole("button", { name: "Add link" }).click();
  await expect(form.getByRole("status")).toHaveText("Link added.");
  await expect(table.getByRole("row")).toHaveCount(6);
  await expect(table).toContainText("s3://e2e/eval/holdout.parquet");
  await expect(table).toContainText("evaluation");

  await table.getByRole("button", { name: "Remove link to s3://e2e/eval/holdout.parquet" }).click();
  await expect(table.getByRole("row")).toHaveCount(5);
  await expect(table).not.toContainText("s3://e2e/eval/holdout.parquet");
});
