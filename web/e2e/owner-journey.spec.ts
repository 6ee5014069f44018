// The model owner's journey: push with the real CLI, seal in the console, wait for the real scan
// worker, see the blocking finding, and see the policy block the promotion to staging.
import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { uniqueName } from "./api";
import { expect, test } from "./fixtures";

const run = promisify(execFile);

/**
 * A protocol-0 pickle whose GLOBAL opcode names os.system: loading it would run a command, so
 * the scanner must flag it. The bytes are written directly; nothing ever unpickles them.
 */
const DANGEROUS_PICKLE = "cos\nsystem\n(S'true'\ntR.";

test("an owner pushes with the CLI, seals, sees the blocking finding and the policy block", async ({
  page,
  state,
  signIn,
  expectAccessible,
}, testInfo) => {
  test.setTimeout(150_000);
  const group = uniqueName("journey", testInfo.project.name);
  const dir = mkdtempSync(join(tmpdir(), "modelreg-journey-"));
  try {
    mkdirSync(join(dir, "weights"));
    writeFileSync(join(dir, "README.md"), "A harmless readme.\n");
    writeFileSync(join(dir, "weights", "model.pkl"), DANGEROUS_PICKLE, "latin1");
    const pushed = await run(
      join(state.bin, "modelreg"),
      ["push", dir, `${group}/scorer@1.0.0`, "--create-model", "--risk-tier", "low"],
      {
        env: { ...process.env, MODELREG_URL: state.baseURL, MODELREG_TOKEN: state.tokens.owner },
      },
    );
    expect(pushed.stdout).toContain("uploaded 2 file(s)");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  await signIn("owner");
  const path = `/models/${group}/scorer/versions/1.0.0`;
  await page.goto(path);
  await expect(page.getByText(/^2 files, /)).toBeVisible();

  await page.getByRole("button", { name: "Seal", exact: true }).click();
  await page
    .getByRole("dialog", { name: "Seal this version?" })
    .getByRole("button", { name: "Seal version" })
    .click();
  await expect(page.getByRole("status").filter({ hasText: "Sealed." })).toBeVisible();

  // The scan worker picks the job up in the background; reload until its result is shown.
  const security = page.getByRole("region", { name: "Security" });
  await expect(async () => {
    await page.reload();
    await expect(security).toContainText("scan complete", { timeout: 3_000 });
  }).toPass({ timeout: 90_000, intervals: [1_000, 2_000, 3_000] });
  await expect(security).toContainText("blocking");
  await expect(
    security.getByRole("listitem").filter({ hasText: "weights/model.pkl" }).first(),
  ).toContainText("pickle-dangerous-global");
  await expectAccessible(page, "owner journey: scanned version");

  // Submitting executes at once (no rule applies to it); staging is then blocked by the scan.
  await page.getByRole("button", { name: "Request promotion" }).click();
  const form = page.getByRole("form", { name: "Request a promotion" });
  await expect(form.getByLabel("Target stage")).toHaveValue("submitted");
  await form.getByLabel("Rationale").fill("first candidate for review");
  await form.getByRole("button", { name: "Request promotion" }).click();
  await expect(page.getByRole("region", { name: /Promotion to submitted/ })).toContainText(
    "executed",
  );
  await expect(page.locator(".page-header").getByText("submitted", { exact: true })).toBeVisible();

  await expect(form.getByLabel("Target stage")).toHaveValue("staging");
  await form.getByLabel("Rationale").fill("ready for staging");
  await form.getByRole("button", { name: "Request promotion" }).click();
  const verdict = page.getByRole("region", { name: /Promotion to staging/ });
  await expect(verdict).toContainText("blocked");
  await expect(verdict).toContainText("The policy blocks this promotion");
  const blocking = verdict
    .getByRole("listitem")
    .filter({ hasText: "security-no-blocking-findings" });
  await expect(blocking).toContainText("blocks");
  await expect(blocking).toContainText("Fix the blocking findings");
  await expect(
    verdict.getByRole("listitem").filter({ hasText: "security-scan-complete" }),
  ).toContainText("passed");
  await expectAccessible(page, "owner journey: blocked promotion");

  // The blocked request is kept and listed on the overview.
  await page.reload();
  await expect(page.getByRole("list", { name: "Latest promotion requests" })).toContainText(
    "blocked",
  );
});
