import { apiCall, seedVersion, uniqueName, type SeededVersion } from "./api";
import { expect, test } from "./fixtures";
import type { E2EState } from "./state";

// A protocol-2 pickle whose load would call os.system("id"). Only these bytes are written: the
// registry's scanner reads them without unpickling, and nothing here ever loads them.
const EVIL_PICKLE = Uint8Array.from(
  "\x80\x02cos\nsystem\nq\x00X\x02\x00\x00\x00idq\x01\x85q\x02Rq\x03.",
  (char) => char.charCodeAt(0),
);

/** A sealed version holding a flagged pickle; sealing queues the real scan worker. */
async function seedFlagged(state: E2EState, project: string): Promise<SeededVersion> {
  const seeded = await seedVersion(state, uniqueName("sec", project), "scorer", { seal: false });
  const base = `/api/v1/models/${seeded.group}/${seeded.name}/versions/${seeded.version}`;
  await apiCall(state, "owner", "PUT", `${base}/artifacts/model/model.pkl`, EVIL_PICKLE, {
    "Content-Type": "application/octet-stream",
  });
  await apiCall(state, "owner", "POST", `${base}/seal`);
  return seeded;
}

test("a flagged pickle blocks; a security architect's exception covers it; an auditor cannot grant", async ({
  page,
  signIn,
  state,
  expectAccessible,
  shoot,
}, testInfo) => {
  test.setTimeout(120_000);
  const seeded = await seedFlagged(state, testInfo.project.name);
  await signIn("security");
  await page.goto(`${seeded.path}/security`);
  await expect(page.getByRole("heading", { level: 2, name: "Security" })).toBeVisible();

  // The page polls the scan state until the worker has finished.
  const scans = page.getByRole("region", { name: "Scans", exact: true });
  await expect(scans.getByText("complete", { exact: true })).toBeVisible({ timeout: 90_000 });
  const findings = page.getByRole("region", { name: "Findings", exact: true });
  const blockingRows = findings
    .getByRole("row")
    .filter({ hasText: "model/model.pkl" })
    .filter({ has: page.getByText("blocking", { exact: true }) });
  const row = blockingRows.first();
  await expect(row).toBeVisible();
  await expect(row).toContainText("critical");
  await expect(row).toContainText("os.system");
  const rule = (await row.getByRole("cell").nth(3).locator("code").textContent()) ?? "";
  const blockingBefore = await blockingRows.count();

  await page.getByLabel("Blocking only").check();
  await expect(
    page.getByText(/^Showing \d+ of \d+ finding\(s\), [1-9]\d* blocking\.$/),
  ).toBeVisible();

  await row.getByRole("button", { name: /^Grant an exception for/ }).click();
  const form = page.getByRole("form", { name: /^Grant an exception for/ });
  await form.getByLabel("Reason").fill("too short");
  await form.getByRole("button", { name: "Grant exception" }).click();
  await expect(form.getByLabel("Reason")).toHaveAttribute("aria-invalid", "true");
  await expect(form.getByLabel("Reason")).toHaveValue("too short");
  await form
    .getByLabel("Reason")
    .fill("Test fixture only: the checkpoint is never loaded outside the sandboxed evaluator.");
  await form.getByRole("button", { name: "Grant exception" }).click();
  await expect(form).toHaveCount(0);

  await page.getByLabel("Blocking only").uncheck();
  const covered = findings.getByRole("row").filter({ hasText: rule });
  await expect(covered).toContainText("covered by an exception");
  await expect(covered).toContainText("not blocking");
  await expect(blockingRows).toHaveCount(blockingBefore - 1);
  const exceptions = page.getByRole("region", { name: "Exceptions", exact: true });
  await expect(exceptions).toContainText(state.usernames.security);
  await expect(exceptions).toContainText("active");
  await expectAccessible(page, "version security");
  await shoot(page, "version-security");

  // An auditor reads all of it but is offered no exception actions and no re-scan.
  await page.evaluate(
    (token) => sessionStorage.setItem("modelreg.token", token),
    state.tokens.auditor,
  );
  await page.reload();
  await expect(page.getByRole("region", { name: "Exceptions", exact: true })).toContainText(
    "active",
  );
  await expect(page.getByRole("region", { name: "Findings", exact: true })).toContainText(
    "model/model.pkl",
  );
  await expect(page.getByRole("button", { name: /Grant an exception/ })).toHaveCount(0);
  await expect(page.getByRole("button", { name: /^Revoke/ })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Run scan again" })).toHaveCount(0);
});

test("an owner re-runs the scan and checks the deployment gate", async ({
  page,
  signIn,
  state,
}, testInfo) => {
  test.setTimeout(120_000);
  const seeded = await seedFlagged(state, testInfo.project.name);
  await signIn("owner");
  await page.goto(`${seeded.path}/security`);
  const scans = page.getByRole("region", { name: "Scans", exact: true });
  await expect(scans.getByText("complete", { exact: true })).toBeVisible({ timeout: 90_000 });

  await scans.getByRole("button", { name: "Run scan again" }).click();
  await expect(scans.getByText("scan in progress")).toBeVisible();
  await expect(scans.getByText("complete", { exact: true })).toBeVisible({ timeout: 90_000 });
  await expect(scans.getByRole("row").filter({ hasText: "on demand" }).first()).toBeVisible();

  const deploy = page.getByRole("region", { name: "Deployment check", exact: true });
  await deploy.getByLabel("Deployment target").fill("prod-eu-1");
  await deploy.getByRole("button", { name: "Check deployment" }).click();
  await expect(deploy.getByText("blocked", { exact: true })).toBeVisible();
  await expect(deploy.getByRole("listitem").first()).toBeVisible();
});
