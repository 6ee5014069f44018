import { apiCall, seedVersion, uniqueName } from "./api";
import { expect, test } from "./fixtures";

test("a model's page shows its versions and history; its owner edits the description", async ({
  page,
  state,
  signIn,
  expectAccessible,
  shoot,
}, testInfo) => {
  const group = uniqueName("mp", testInfo.project.name);
  await seedVersion(state, group, "scorer", { riskTier: "high" });
  await seedVersion(state, group, "scorer", { version: "1.1.0-rc.1", seal: false });
  await signIn("owner");
  await page.goto(`/models/${group}/scorer`);

  await expect(page.getByRole("heading", { level: 1, name: `${group}/scorer` })).toBeVisible();
  const overview = page.getByRole("region", { name: "Overview" });
  await expect(overview).toContainText("scorer: seeded by the browser tests");
  await expect(overview).toContainText("Apache-2.0");
  const versions = page.getByRole("region", { name: "Versions", exact: true });
  await expect(versions.getByRole("link", { name: "1.0.0" })).toHaveAttribute(
    "href",
    `/models/${group}/scorer/versions/1.0.0`,
  );
  await expect(versions.getByRole("link", { name: "1.1.0-rc.1" })).toBeVisible();
  const history = page.getByRole("region", { name: "Stages over time" });
  await expect(history.getByRole("link", { name: "1.0.0" })).toBeVisible();
  await expect(page.getByRole("region", { name: "Risk tier changes" })).toContainText(
    "No tier changes",
  );

  // Sorting by version ascending puts the pre-release last... of two, 1.0.0 first.
  await versions.getByRole("button", { name: /^Version/ }).click();
  await expect(page).toHaveURL(/sort=version/);
  await expect(versions.locator("tbody tr").first()).toContainText("1.0.0");

  await expectAccessible(page, "model page");
  await shoot(page, "model");

  await page.getByRole("button", { name: "Edit details" }).click();
  const form = page.getByRole("form", { name: "Edit model details" });
  await form.getByLabel("Description").fill("Scores card-not-present payments.");
  await form.getByRole("button", { name: "Save changes" }).click();
  await expect(form).toBeHidden();
  await expect(overview).toContainText("Scores card-not-present payments.");
  const stored = await apiCall<{ description: string }>(
    state,
    "auditor",
    "GET",
    `/api/v1/models/${group}/scorer`,
  );
  expect(stored.description).toBe("Scores card-not-present payments.");
});

test("a bad version string shows the server's message beside the field", async ({
  page,
  state,
  signIn,
}, testInfo) => {
  const group = uniqueName("mv", testInfo.project.name);
  await seedVersion(state, group, "scorer");
  await signIn("owner");
  await page.goto(`/models/${group}/scorer`);
  await page.getByRole("button", { name: "New draft version" }).click();
  const form = page.getByRole("form", { name: "New draft version" });
  const field = form.getByLabel("Version");
  await field.fill("1.2");
  await form.getByLabel("Description").fill("retrained on Q3");
  await form.getByRole("button", { name: "Create draft version" }).click();
  await expect(field).toHaveAttribute("aria-invalid", "true");
  const describedBy = (await field.getAttribute("aria-describedby")) ?? "";
  const errorId = describedBy.split(" ").find((id) => id.endsWith("-error"));
  expect(errorId).toBeTruthy();
  await expect(page.locator(`[id="${errorId}"]`)).not.toBeEmpty();
  await expect(field).toHaveValue("1.2");
  await expect(form.getByLabel("Description")).toHaveValue("retrained on Q3");

  // A good one is created and listed.
  await field.fill("1.2.0");
  await form.getByRole("button", { name: "Create draft version" }).click();
  await expect(form.getByRole("status")).toContainText("1.2.0");
  await expect(page.getByRole("table").getByRole("link", { name: "1.2.0" })).toBeVisible();
});

test("an auditor sees the page without edit actions", async ({ page, state, signIn }, testInfo) => {
  const group = uniqueName("ma", testInfo.project.name);
  await seedVersion(state, group, "scorer");
  await signIn("auditor");
  await page.goto(`/models/${group}/scorer`);
  await expect(page.getByRole("region", { name: "Overview" })).toContainText("Apache-2.0");
  await expect(
    page
      .getByRole("region", { name: "Versions", exact: true })
      .getByRole("link", { name: "1.0.0" }),
  ).toBeVisible();
  await expect(page.getByRole("button", { name: "Edit details" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "New draft version" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Request tier change" })).toHaveCount(0);
});

test("an owner's edit of a model they do not own shows the server's refusal", async ({
  page,
  state,
  signIn,
}, testInfo) => {
  const group = uniqueName("mr", testInfo.project.name);
  await apiCall(state, "admin", "POST", "/api/v1/models", {
    group,
    name: "admins-only",
    risk_tier: "low",
    owners: [state.usernames.admin],
  });
  // The owner role may write models, but only its own: the server decides and says so.
  await signIn("owner");
  await page.goto(`/models/${group}/admins-only`);
  await page.getByRole("button", { name: "Edit details" }).click();
  const form = page.getByRole("form", { name: "Edit model details" });
  await form.getByLabel("Description").fill("not mine");
  await form.getByRole("button", { name: "Save changes" }).click();
  await expect(form.getByRole("alert")).toContainText("Saving the model failed");
  await expect(form.getByLabel("Description")).toHaveValue("not mine");
});
