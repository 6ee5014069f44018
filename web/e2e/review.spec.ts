import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { uniqueName } from "./api";
import {
  approve,
  createUser,
  requestPromotion,
  seedReadyVersion,
  type Promotion,
  type Ref,
} from "./governance";

async function signInWithToken(page: Page, token: string) {
  await page.addInitScript((value) => {
    if (!sessionStorage.getItem("modelreg.token")) sessionStorage.setItem("modelreg.token", value);
  }, token);
}

test.describe("reviewing a promotion", () => {
  let v1: Ref;
  let v2: Ref;
  let request: Promotion;

  test.beforeAll(async ({ state }, testInfo) => {
    const group = uniqueName("review", testInfo.project.name);
    v1 = { group, name: "scorer", version: "1.0.0" };
    v2 = { ...v1, version: "1.1.0" };
    // The baseline reaches production through the API: owner asks, MRC and Security approve.
    await seedReadyVersion(state, v1, {
      metadata: { auc: 0.91, features: 12 },
      tags: { team: "risk" },
    });
    const first = await requestPromotion(state, v1, "production", "first release");
    await approve(state, "mrc", first.id, "MRC-2026-100");
    const done = await approve(state, "security", first.id, "threat model TM-7");
    expect(done.state).toBe("executed");
    await seedReadyVersion(state, v2, {
      files: { "model.bin": "retrained weights\n", "calibration.json": '{"t": 0.4}\n' },
      metadata: { auc: 0.93, features: 12, calibrated: true },
      tags: { team: "risk", retrain: "q3" },
      dataset: `s3://e2e/${group}/train-q3.parquet`,
      intendedUse: "Triage of card-not-present and card-present transactions.",
    });
    request = await requestPromotion(state, v2, "production", "Q3 retrain: AUC +0.02");
    expect(request.state).toBe("awaiting_approval");
  });

  test("MRC finds it in the inbox and reviews the rules and what changed", async ({
    page,
    signIn,
    expectAccessible,
    shoot,
  }) => {
    await signIn("mrc");
    await page.goto("/approvals");
    await expect(page.getByRole("heading", { level: 1, name: "Approvals" })).toBeVisible();
    const row = page.getByRole("row", { name: new RegExp(`${v2.group}/scorer@1\\.1\\.0`) });
    await expect(row).toContainText("needs MRC and Security");
    await expect(row).toContainText("low risk");
    await expect(row).toContainText("olivia-owner");
    await expectAccessible(page, "approvals inbox");
    await shoot(page, "approvals");

    await row.getByRole("link").click();
    await expect(page).toHaveURL(new RegExp(`/approvals/${request.id}$`));
    await expect(
      page.getByRole("heading", { level: 1, name: `Review ${v2.group}/scorer@1.1.0` }),
    ).toBeVisible();
    await expect(page.getByText("Q3 retrain: AUC +0.02")).toBeVisible();
    const rules = page.getByRole("region", { name: "Policy rules" });
    // The only blocking rule is the missing approvals, and blocked rules come first.
    await expect(rules.getByRole("row").nth(1)).toContainText("production-approvals");
    await expect(rules.getByRole("row").nth(1)).toContainText("blocks");
    await expect(rules.getByRole("row", { name: /lineage-code/ })).toContainText("passed");
    await expect(
      page.getByText("No findings on this digest").or(page.getByText(/none blocking/)),
    ).toBeVisible();

    await expect(page.getByText(`Compared with ${v2.group}/scorer@1.0.0`)).toBeVisible();
    const files = page.getByRole("region", { name: "Changed files" });
    await expect(files.getByRole("row", { name: /calibration\.json/ })).toContainText("added");
    await expect(files.getByRole("row", { name: /model\.bin/ })).toContainText("changed");
    const metadata = page.getByRole("region", { name: "Changed metadata" });
    await expect(metadata.getByRole("row", { name: /auc/ })).toContainText("0.93");
    await expect(metadata.getByRole("row", { name: /calibrated/ })).toContainText("added");
    await expect(page.getByRole("region", { name: "Changed tags" })).toContainText("retrain");
    await expect(page.getByText(/added dataset/i)).toContainText("train-q3.parquet");
    await expect(page.getByText(/removed dataset/i)).toContainText("train.parquet");

    await page.getByRole("button", { name: "Compare the model cards" }).click();
    const card = page.getByRole("region", { name: "Model card diff" });
    await expect(card.locator("ins")).toContainText(["card-present transactions"]);
    await expect(page.getByRole("button", { name: "Approve" })).toBeVisible();
    // Wide tables scroll inside their regions; the page itself never scrolls sideways.
    expect(
      await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth),
    ).toBe(true);
    await expectAccessible(page, "review page");
    await shoot(page, "review");
  });

  test("an auditor reads the review but is offered no decision", async ({ page, signIn }) => {
    await signIn("auditor");
    await page.goto(`/approvals/${request.id}`);
    await expect(page.getByRole("heading", { level: 1, name: /Review / })).toBeVisible();
    await expect(page.getByRole("region", { name: "Policy rules" })).toBeVisible();
    await expect(page.getByText("needs MRC and Security")).toBeVisible();
    await expect(page.getByRole("button", { name: "Approve" })).toHaveCount(0);
    await expect(page.getByLabel("Rationale")).toHaveCount(0);
  });
});

test("an owner who also sits on MRC is refused approving their own request", async ({
  page,
  state,
}, testInfo) => {
  const username = uniqueName("mo", testInfo.project.name);
  const dual = await createUser(state, username, ["model_owner", "mrc"]);
  const ref = { group: uniqueName("selfrev", testInfo.project.name), name: "m", version: "1.0.0" };
  await seedReadyVersion(state, ref, { as: dual, owner: username });
  const own = await requestPromotion(state, ref, "production", "ship it", dual);
  expect(own.state).toBe("awaiting_approval");

  await signInWithToken(page, dual.token);
  await page.goto(`/approvals/${own.id}`);
  await expect(page.getByText("You requested this promotion.")).toBeVisible();
  await page.getByLabel("Rationale").fill("I reviewed it myself");
  await page.getByRole("button", { name: "Approve" }).click();
  const alert = page.getByRole("alert");
  await expect(alert).toContainText("separation of duties: you cannot approve your own request");
  await expect(page.getByLabel("Rationale")).toHaveValue("I reviewed it myself");
  await expect(page.getByText("needs MRC and Security")).toBeVisible();
});
