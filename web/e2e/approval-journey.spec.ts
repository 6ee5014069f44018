import type { Browser } from "@playwright/test";
import { expect, test } from "./fixtures";
import { uniqueName } from "./api";
import { requestPromotion, seedReadyVersion, stageOf } from "./governance";
import type { E2EState, RoleName } from "./state";

/** A fresh browser context signed in as `role`: each reviewer uses their own browser. */
async function openAs(browser: Browser, state: E2EState, role: RoleName, viewport: object) {
  const context = await browser.newContext({
    baseURL: test.info().project.use.baseURL,
    ...viewport,
  });
  await context.addInitScript((token) => {
    if (!sessionStorage.getItem("modelreg.token")) sessionStorage.setItem("modelreg.token", token);
  }, state.tokens[role]);
  return { context, page: await context.newPage() };
}

test("MRC and Security approve in the console and the version reaches production", async ({
  browser,
  state,
}, testInfo) => {
  test.setTimeout(120_000);
  const ref = {
    group: uniqueName("journey", testInfo.project.name),
    name: "scorer",
    version: "2.0.0",
  };
  const title = `${ref.group}/scorer@2.0.0`;
  // Medium risk: production needs MRC and Security, and they must be two different people.
  await seedReadyVersion(state, ref, { riskTier: "medium" });
  const staging = await requestPromotion(state, ref, "staging", "candidate for production");
  expect(staging.state).toBe("executed");
  const production = await requestPromotion(state, ref, "production", "Q3 retrain");
  expect(production.state).toBe("awaiting_approval");
  const viewport = { viewport: testInfo.project.use.viewport };

  const reviewers: [RoleName, string, RegExp][] = [
    [
      "mrc",
      "Bias review MRC-2026-114 passed",
      /awaiting approval \(needs Security; two-person rule: 1 of 2\)/,
    ],
    ["security", "Threat model TM-9 reviewed", /executed/],
  ];
  for (const [role, rationale, outcome] of reviewers) {
    const { context, page } = await openAs(browser, state, role, viewport);
    await page.goto("/approvals");
    const row = page.getByRole("row", { name: new RegExp(title.replace(/[.@/]/g, "\\$&")) });
    await expect(row).toContainText("medium risk");
    await row.getByRole("link").click();
    await expect(page.getByRole("heading", { level: 1, name: `Review ${title}` })).toBeVisible();
    await page.getByLabel("Rationale").fill(rationale);
    await page.getByRole("button", { name: "Approve" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Approved." })).toContainText(outcome);
    await expect(page.getByText(rationale)).toBeVisible();
    // Decided: the inbox no longer lists it for this reviewer.
    await page
      .getByRole("navigation", { name: "Breadcrumb" })
      .getByRole("link", { name: "Approvals" })
      .click();
    await expect(page.getByRole("heading", { level: 1, name: "Approvals" })).toBeVisible();
    await expect(
      page.getByRole("row", { name: new RegExp(title.replace(/[.@/]/g, "\\$&")) }),
    ).toHaveCount(0);
    await context.close();
  }

  expect(await stageOf(state, ref)).toBe("production");
  const { context, page } = await openAs(browser, state, "auditor", viewport);
  await page.goto(`/approvals/${production.id}`);
  await expect(page.getByText("version now")).toContainText("production");
  await expect(page.getByText("approvals complete; two-person rule: 2 of 2")).toBeVisible();
  await context.close();
});
