import { apiCall, seedVersion, uniqueName } from "./api";
import { expect, test } from "./fixtures";
import type { Page } from "@playwright/test";

interface Version {
  sealed: boolean;
  manifest: { path: string; size: number; sha256: string }[];
}

function sections(page: Page) {
  return page.getByRole("navigation", { name: "Version sections" });
}

test("an owner edits a draft's card, uploads a file and seals it from the page", async ({
  page,
  state,
  signIn,
  expectAccessible,
  shoot,
}, testInfo) => {
  const group = uniqueName("vdraft", testInfo.project.name);
  const seeded = await seedVersion(state, group, "scorer", { seal: false });
  const api = `/api/v1/models/${group}/scorer/versions/1.0.0`;
  await apiCall(state, "owner", "PATCH", api, {
    metadata: { auc: 0.91, epochs: 20 },
    tags: { team: "e2e" },
  });
  await signIn("owner");
  await page.goto(seeded.path);

  await expect(
    page.getByRole("heading", { level: 1, name: `${group}/scorer 1.0.0` }),
  ).toBeVisible();
  const header = page.locator(".page-header");
  await expect(header.getByText("draft", { exact: true })).toBeVisible();
  await expect(header.getByText("not sealed")).toBeVisible();
  await expect(page.getByRole("list", { name: "Metadata" })).toContainText("auc = 0.91");
  await expect(page.getByText(/^1 file, \d+ B$/)).toBeVisible();
  await expectAccessible(page, "version overview (draft)");
  await shoot(page, "version-overview");

  // The card: write the intended use; the rendered card shows it.
  await sections(page).getByRole("link", { name: "Card" }).click();
  await expect(page).toHaveURL(new RegExp(`${seeded.path}/card$`));
  const intended = page.getByRole("textbox", { name: "Intended use" });
  await intended.fill("Ranks e2e transactions for manual review.");
  await page.getByRole("button", { name: "Save intended use" }).click();
  const card = page.getByRole("region", { name: "Model card" });
  await expect(card).toContainText("Ranks e2e transactions for manual review.");
  await expect(card.getByRole("heading", { name: /Model card: / })).toBeVisible();
  await expectAccessible(page, "version card (draft)");
  await shoot(page, "version-card");
  const annotations = await apiCall<{ intended_use: string }>(
    state,
    "owner",
    "GET",
    `${api}/card/annotations`,
  );
  expect(annotations.intended_use).toBe("Ranks e2e transactions for manual review.");

  // Artifacts: upload a file; its SHA-256 is computed in the browser and checked by the server.
  await sections(page).getByRole("link", { name: "Artifacts" }).click();
  const text = `release notes for ${group}\n`;
  await page.getByLabel("File to upload").setInputFiles({
    name: "notes.txt",
    mimeType: "text/plain",
    buffer: Buffer.from(text),
  });
  await page.getByLabel("Path in the version").fill("docs/notes.txt");
  await page.getByRole("button", { name: "Upload", exact: true }).click();
  await expect(page.getByText(/^Uploaded docs\/notes\.txt/)).toBeVisible();
  const table = page.getByRole("region", { name: "Artifacts" });
  await expect(table.getByRole("rowheader", { name: "docs/notes.txt" })).toBeVisible();
  await expect(page.getByText(/^2 files, .* in total\.$/)).toBeVisible();
  await page.getByLabel("Filter by path").fill("notes");
  await expect(table.getByRole("rowheader")).toHaveCount(1);
  await expect(table).toContainText("text/plain");
  await expectAccessible(page, "version artifacts (draft)");
  await shoot(page, "version-artifacts");
  // The table scrolls inside its region; the page itself never scrolls sideways.
  expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(
    true,
  );
  const stored = await apiCall<Version>(state, "owner", "GET", api);
  const notes = stored.manifest.find((entry) => entry.path === "docs/notes.txt");
  expect(notes?.size).toBe(Buffer.byteLength(text));

  // Seal, after the dialog says what freezes.
  await page.getByRole("button", { name: "Seal", exact: true }).click();
  const dialog = page.getByRole("dialog", { name: "Seal this version?" });
  await expect(dialog).toContainText("artifacts, lineage, metadata");
  await dialog.getByRole("button", { name: "Seal version" }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole("status").filter({ hasText: "Sealed." })).toBeVisible();
  await expect(header.getByText("sealed", { exact: true })).toBeVisible();
  await expect(page.getByRole("button", { name: "Seal", exact: true })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Upload" })).toHaveCount(0);
  expect((await apiCall<Version>(state, "owner", "GET", api)).sealed).toBe(true);
});

test("a sealed version shows a read-only card and a history that links its promotion", async ({
  page,
  state,
  signIn,
  expectAccessible,
  shoot,
}, testInfo) => {
  const group = uniqueName("vsealed", testInfo.project.name);
  const seeded = await seedVersion(state, group, "scorer");
  const promotion = await apiCall<{ id: string; state: string }>(
    state,
    "owner",
    "POST",
    `/api/v1/models/${group}/scorer/versions/1.0.0/promotions`,
    { target_stage: "submitted", rationale: "ready for review" },
  );
  expect(promotion.state).toBe("executed");
  await signIn("owner");

  await page.goto(`${seeded.path}/card`);
  await expect(page.getByText(/Read-only: this version was sealed/)).toBeVisible();
  await expect(page.getByRole("region", { name: "Model card" })).toContainText("Model details");
  await expect(page.getByRole("textbox", { name: "Intended use" })).toHaveCount(0);

  await sections(page).getByRole("link", { name: "History" }).click();
  const timeline = page.getByRole("list").filter({ hasText: "ready for review" });
  await expect(timeline.getByRole("listitem")).toHaveCount(2);
  await expect(timeline.getByRole("heading", { name: "draft → submitted" })).toBeVisible();
  await expect(
    timeline.getByRole("link", { name: "Promotion request and its decision" }),
  ).toHaveAttribute("href", `/approvals/${promotion.id}`);
  await expect(timeline).toContainText(`by ${state.usernames.owner}`);
  await expectAccessible(page, "version history");
  await shoot(page, "version-history");

  // The overview lists the promotion with its state.
  await sections(page).getByRole("link", { name: "Overview" }).click();
  const requests = page.getByRole("list", { name: "Latest promotion requests" });
  await expect(requests).toContainText("executed");
  await expect(requests).toContainText("ready for review");
});

test("an auditor sees no seal, upload, promote or edit controls", async ({
  page,
  state,
  signIn,
  expectAccessible,
}, testInfo) => {
  const group = uniqueName("vaudit", testInfo.project.name);
  const seeded = await seedVersion(state, group, "scorer", { seal: false });
  await signIn("auditor");
  await page.goto(seeded.path);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`${group}/scorer 1.0.0`);
  await expect(page.getByText("About this version")).toBeVisible();
  for (const name of ["Seal", "Request promotion", "Run scan", "Save changes"]) {
    await expect(page.getByRole("button", { name, exact: true })).toHaveCount(0);
  }
  await sections(page).getByRole("link", { name: "Artifacts" }).click();
  await expect(page.getByRole("rowheader", { name: "model/weights.bin" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Upload" })).toHaveCount(0);
  await sections(page).getByRole("link", { name: "Card" }).click();
  await expect(page.getByRole("region", { name: "Model card" })).toContainText("Model details");
  await expect(page.getByRole("textbox", { name: "Intended use" })).toHaveCount(0);
  await expectAccessible(page, "version card (auditor)");
});

test("a refused seal and a refused promotion show the server's problem", async ({
  page,
  state,
  signIn,
}, testInfo) => {
  const group = uniqueName("vrefused", testInfo.project.name);
  const seeded = await seedVersion(state, group, "scorer", { seal: false });
  await signIn("owner");
  await page.goto(seeded.path);
  await expect(page.getByRole("button", { name: "Seal", exact: true })).toBeVisible();

  // Someone else seals it meanwhile (another tab, the CLI): this page's seal is refused.
  await apiCall(state, "owner", "POST", `/api/v1/models/${group}/scorer/versions/1.0.0/seal`);
  await page.getByRole("button", { name: "Seal", exact: true }).click();
  const dialog = page.getByRole("dialog", { name: "Seal this version?" });
  await dialog.getByRole("button", { name: "Seal version" }).click();
  const problem = dialog.getByRole("alert");
  await expect(problem).toContainText("Sealing failed: Not allowed in the current state");
  await expect(problem).toContainText("already sealed");
  await expect(problem).toContainText("Request id");
  await dialog.getByRole("button", { name: "Cancel" }).click();

  // A move the lifecycle does not allow: the server names the allowed ones.
  await page.getByRole("button", { name: "Request promotion" }).click();
  const form = page.getByRole("form", { name: "Request a promotion" });
  await form.getByLabel("Target stage").selectOption("production");
  await form.getByLabel("Rationale").fill("straight to production");
  await form.getByRole("button", { name: "Request promotion" }).click();
  await expect(form.getByRole("alert")).toContainText("allowed from draft: submitted");
  await expect(form.getByLabel("Rationale")).toHaveValue("straight to production");
});
