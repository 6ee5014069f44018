// An auditor verifies the chain: seeded activity, the chain checked, the version's events found,
// one opened, and the decision behind a promotion replayed to the recorded outcome.
import { apiCall, seedVersion, uniqueName } from "./api";
import { expect, test } from "./fixtures";
import { openPrimaryNav } from "./layout";

test("an auditor verifies the chain", async ({ page, state, signIn }, testInfo) => {
  const group = uniqueName("journey", testInfo.project.name);
  const seeded = await seedVersion(state, group, "scorer");
  const promotion = await apiCall<{ decision_id: string | null }>(
    state,
    "owner",
    "POST",
    `/api/v1/models/${group}/scorer/versions/1.0.0/promotions`,
    { target_stage: "submitted", rationale: "submit for review (auditor journey)" },
  );
  const verify = await apiCall<{ checked: number }>(
    state,
    "auditor",
    "GET",
    "/api/v1/audit/verify",
  );

  await signIn("auditor");
  await page.goto("/");
  await (await openPrimaryNav(page)).getByRole("link", { name: "Audit" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Audit" })).toBeVisible();

  // The chain holds at least every event that existed a moment ago (other tests may add more).
  const verdict = page.getByText(/Chain verified: [\d,]+ events/);
  await expect(verdict).toBeVisible();
  const checked = Number(
    (/([\d,]+) events/.exec((await verdict.textContent()) ?? "")?.[1] ?? "0").replace(/,/g, ""),
  );
  expect(checked).toBeGreaterThanOrEqual(verify.checked);
  await expect(page.getByText(/took \d+(\.\d)? m?s \(round trip\)/)).toBeVisible();
  await page.getByRole("button", { name: "Verify again" }).click();
  await expect(page.getByText(/Chain verified: [\d,]+ events/)).toBeVisible();

  await page.getByLabel("Subject").fill(`version:${group}/scorer@1.0.0`);
  await page.getByRole("button", { name: "Apply filters" }).click();
  const events = page.getByRole("list", { name: "Audit events" }).getByRole("article");
  await expect(events.filter({ hasText: "version.created" })).toHaveCount(1);
  await expect(events.filter({ hasText: "version.sealed" })).toHaveCount(1);
  await expect(events.filter({ hasText: "promotion.requested" })).toHaveCount(1);

  const sealed = events.filter({ hasText: "version.sealed" });
  await sealed.getByText("Details").click();
  await expect(sealed.getByRole("region", { name: /Details of event/ })).toContainText(
    /"digest": "[0-9a-f]{64}"/,
  );
  await expect(
    sealed.getByRole("link", { name: `${group}/scorer@1.0.0`, exact: true }),
  ).toHaveAttribute("href", seeded.path);

  // Draft to submitted executes at once; promotion.executed names the decision.
  expect(promotion.decision_id).toBeTruthy();
  await page
    .getByRole("link", { name: `Decision record ${promotion.decision_id}` })
    .first()
    .click();
  await expect(page.getByRole("heading", { level: 1, name: /^Decision / })).toBeVisible();
  await expect(page.getByRole("heading", { level: 2, name: "Rules" })).toBeVisible();
  await page.getByRole("button", { name: "Replay decision" }).click();
  await expect(page.getByText("The replay reproduces the recorded outcome")).toBeVisible();
});
