import { apiCall, seedVersion, uniqueName } from "./api";
import { expect, test } from "./fixtures";
import { expectNoSideScroll, openPrimaryNav } from "./layout";

interface Promotion {
  id: string;
  state: string;
  decision_id: string | null;
}

test("filters narrow the timeline, survive a reload, and an event links to its version", async ({
  page,
  state,
  signIn,
  expectAccessible,
  shoot,
}, testInfo) => {
  const group = uniqueName("audit", testInfo.project.name);
  const seeded = await seedVersion(state, group, "scorer");
  await seedVersion(state, group, "other");
  const subject = `version:${group}/scorer@1.0.0`;
  const label = `${group}/scorer@1.0.0`;

  await signIn("auditor");
  await page.goto("/audit");
  await expect(page.getByRole("heading", { level: 1, name: "Audit" })).toBeVisible();
  await expect(page.getByText(/Chain verified: [\d,]+ events/)).toBeVisible();

  await page.getByLabel("Subject").fill(subject);
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(page).toHaveURL(/[?&]subject=version%3A/);
  const events = page.getByRole("list", { name: "Audit events" }).getByRole("article");
  await expect(events.first()).toBeVisible();
  // Every event shown concerns the seeded version; the other model's events are gone.
  const count = await events.count();
  expect(count).toBeGreaterThanOrEqual(3);
  await expect(page.getByRole("link", { name: label, exact: true })).toHaveCount(count);
  await expect(page.getByRole("link", { name: `${group}/other@1.0.0` })).toHaveCount(0);

  await page.getByLabel("Action").fill("version.sealed");
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(events).toHaveCount(1);
  await expect(events.first()).toContainText("Version: sealed");

  await page.reload();
  await expect(page.getByLabel("Subject")).toHaveValue(subject);
  await expect(page.getByLabel("Action")).toHaveValue("version.sealed");
  await expect(events).toHaveCount(1);

  await events.first().getByText("Details").click();
  await expect(events.first().getByRole("region", { name: /Details of event/ })).toContainText(
    '"digest": "',
  );
  await expectAccessible(page, "audit timeline");
  await expectNoSideScroll(page);
  await shoot(page, "audit");

  await events.first().getByRole("link", { name: label, exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`${seeded.path.replace(/\./g, "\\.")}$`));
});

test("a decision record shows its rules and replays to the same outcome", async ({
  page,
  state,
  signIn,
  expectAccessible,
  shoot,
}, testInfo) => {
  const group = uniqueName("decision", testInfo.project.name);
  const seeded = await seedVersion(state, group, "scorer");
  // Draft to submitted needs no rule and executes; submitted to staging is judged by rules.
  const base = `/api/v1/models/${group}/scorer/versions/1.0.0/promotions`;
  await apiCall<Promotion>(state, "owner", "POST", base, {
    target_stage: "submitted",
    rationale: "ready for review (browser test)",
  });
  const promotion = await apiCall<Promotion>(state, "owner", "POST", base, {
    target_stage: "staging",
    rationale: "candidate for staging (browser test)",
  });
  expect(promotion.decision_id).toBeTruthy();

  await signIn("auditor");
  await page.goto(`/audit/decisions/${promotion.decision_id}`);
  await expect(page.getByRole("heading", { level: 1, name: /^Decision / })).toBeVisible();
  await expect(page.getByRole("link", { name: `${group}/scorer@1.0.0` })).toHaveAttribute(
    "href",
    seeded.path,
  );
  await expect(page.getByText(`Trigger`).locator("xpath=following-sibling::dd[1]")).toHaveText(
    "requested",
  );
  const rules = page.getByRole("region", { name: "Rule results" });
  await expect(rules.getByRole("row", { name: /staging-sealed-version/ })).toContainText("passed");
  await expect(page.getByText("Policy set", { exact: true })).toBeVisible();

  await page.getByText("Canonical input document (JSON)").click();
  await expect(page.getByRole("region", { name: "Decision input" })).toContainText(
    `"full_name": "${group}/scorer"`,
  );

  await page.getByRole("button", { name: "Replay decision" }).click();
  await expect(page.getByRole("status").filter({ hasText: "replay" })).toContainText(
    "The replay reproduces the recorded outcome",
  );
  await expectAccessible(page, "decision record");
  await expectNoSideScroll(page);
  await shoot(page, "decision");
});

test("an unknown decision shows the server's problem", async ({ page, signIn }) => {
  await signIn("auditor");
  await page.goto("/audit/decisions/no-such-decision");
  await expect(page.getByRole("alert")).toContainText(/not found|no such/i);
});

test("a role without audit:read gets the server's refusal and no Audit nav", async ({
  page,
  signIn,
}) => {
  await signIn("owner");
  await page.goto("/audit");
  const nav = await openPrimaryNav(page);
  await expect(nav.getByRole("link", { name: "Audit" })).toHaveCount(0);
  await expect(page.getByRole("alert").first()).toContainText(
    /403|not allow|permission|audit:read/i,
  );
});
