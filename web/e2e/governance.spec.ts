import { generateKeyPairSync } from "node:crypto";
import { apiCall, seedVersion, uniqueName } from "./api";
import { expect, test } from "./fixtures";

interface PolicySet {
  number: number;
  text: string;
  digest: string;
}

// A draft the seeded version (sealed, a dataset link, no code link, no tags) meets in part.
const DRAFT = `name: e2e-draft
rules:
  - id: sealed
    applies_to: {stages: [production]}
    condition: version.sealed
    severity: block
    message: Seal it first.
  - id: has-code
    applies_to: {stages: [production]}
    condition: size(lineage.code) > 0
    severity: block
    message: Link the training code.
  - id: reviewed-tag
    applies_to: {stages: [production]}
    condition: has(version.tags.reviewed)
    severity: warn
    message: Tag the version as reviewed.
`;

const BROKEN = "name: broken\nrules:\n  - id: a\n   bad: [\n";

test("a security architect dry-runs an edited policy and sees the verdict rule by rule", async ({
  page,
  state,
  signIn,
  expectAccessible,
  shoot,
}, testInfo) => {
  const seeded = await seedVersion(state, uniqueName("gov", testInfo.project.name), "scorer");
  await signIn("security");
  await page.goto("/policies");
  await expect(page.getByRole("heading", { level: 1, name: "Policy sets" })).toBeVisible();
  const versions = page.getByRole("region", { name: "Policy set versions" });
  await expect(versions.getByText("active")).toHaveCount(1);
  await expectAccessible(page, "policies");
  await shoot(page, "policies");

  await page.getByRole("link", { name: "Edit and dry-run" }).click();
  const editor = page.getByLabel("Policy set (YAML)");
  await expect(editor).toHaveValue(/rules:/);
  await editor.fill(DRAFT);
  await page.getByLabel("Model", { exact: true }).fill(`${seeded.group}/${seeded.name}`);
  await page.getByLabel("Version", { exact: true }).fill(seeded.version);
  await page.getByLabel("Version", { exact: true }).blur();
  await expect(page.getByText(/Found: now/)).toContainText("sealed");
  await page.getByLabel("Target stage").selectOption("production");
  await page.getByRole("button", { name: "Dry run" }).click();

  const verdict = page.getByRole("region", { name: "Verdict by rule" });
  await expect(verdict.getByRole("row", { name: /^sealed/ })).toContainText("passed");
  await expect(verdict.getByRole("row", { name: /has-code/ })).toContainText(
    "blockedLink the training code.",
  );
  await expect(verdict.getByRole("row", { name: /^reviewed-tag/ })).toContainText("warning");
  await expect(page.getByText(/Promotion to production:/)).toContainText("blocked");
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
    page.viewportSize()?.width ?? 0,
  );
  await expectAccessible(page, "policy dry run");
  await shoot(page, "policy-dry-run");
});

test("a broken policy shows the server's message beside the editor and keeps the text", async ({
  page,
  signIn,
}) => {
  await signIn("security");
  await page.goto("/policies/edit");
  const editor = page.getByLabel("Policy set (YAML)");
  await expect(editor).toHaveValue(/rules:/);
  await editor.fill(BROKEN);
  await page.getByLabel("Model", { exact: true }).fill("nobody/nothing");
  await page.getByLabel("Version", { exact: true }).fill("1.0.0");
  await page.getByRole("button", { name: "Dry run" }).click();

  const alert = page.getByRole("alert").filter({ hasText: "the policy set is invalid" });
  await expect(alert).toContainText("not valid YAML at line 4");
  await expect(alert.getByRole("button", { name: "Line 4" })).toBeVisible();
  await expect(editor).toHaveValue(BROKEN);
  await expect(editor).toHaveAttribute("aria-invalid", "true");

  // Publishing the same text is refused as well, and changes nothing.
  await page.getByRole("button", { name: "Publish as new version" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Publish" }).click();
  await expect(
    page.getByRole("alert").filter({ hasText: "Publishing failed: the policy set is invalid" }),
  ).toBeVisible();

  // The draft survives a reload.
  await page.reload();
  await expect(page.getByLabel("Policy set (YAML)")).toHaveValue(BROKEN);
});

test("a policy set's page shows its rules and its YAML with line numbers", async ({
  page,
  state,
  signIn,
  expectAccessible,
  shoot,
}) => {
  await signIn("auditor");
  // The oldest version is the default pack, whatever other tests published since.
  const oldest = (await apiCall<PolicySet[]>(state, "auditor", "GET", "/api/v1/policies")).at(-1);
  expect(oldest).toBeDefined();
  await page.goto(`/policies/${oldest?.number}`);
  await expect(
    page.getByRole("heading", { level: 1, name: `Policy set #${oldest?.number}` }),
  ).toBeVisible();
  const rules = page.getByRole("region", { name: "Rules" });
  await expect(rules.getByRole("row", { name: /^sealed-version/ })).toContainText("production");
  await expect(rules.getByRole("row", { name: /^publisher-signed-high-risk/ })).toContainText(
    "high risk",
  );
  await expect(page.getByRole("region", { name: /YAML of policy set/ })).toContainText(
    "name: default",
  );
  await expectAccessible(page, "policy");
  await shoot(page, "policy");
});

test("an auditor may dry-run but is offered no publishing and no security changes", async ({
  page,
  signIn,
}) => {
  await signIn("auditor");
  await page.goto("/policies/edit");
  await expect(page.getByLabel("Policy set (YAML)")).toHaveValue(/rules:/);
  await expect(page.getByRole("button", { name: "Dry run" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Publish as new version" })).toHaveCount(0);

  await page.goto("/security");
  await expect(page.getByRole("heading", { level: 2, name: "License lists" })).toBeVisible();
  await expect(page.getByText("MIT", { exact: true })).toBeVisible();
  await expect(page.getByRole("button", { name: "Save license lists" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Trust signer" })).toHaveCount(0);
});

test("publishing creates a new active version in the list", async ({
  page,
  state,
  signIn,
}, testInfo) => {
  test.skip(
    testInfo.project.name !== "desktop",
    "the projects share one server; publishing changes the active policy for everyone",
  );
  // The active text plus a comment: a new version with the same rules (and digest), so the
  // policy every other test runs under does not change.
  const active = await apiCall<PolicySet>(state, "security", "GET", "/api/v1/policies/active");
  const text = `${active.text.trimEnd()}\n# republished by the browser tests\n`;
  await signIn("security");
  await page.goto("/policies/edit");
  const editor = page.getByLabel("Policy set (YAML)");
  await expect(editor).toHaveValue(/rules:/);
  await editor.fill(text);
  await page.getByRole("button", { name: "Publish as new version" }).click();
  const dialog = page.getByRole("dialog", { name: "Publish this policy set?" });
  await dialog.getByRole("button", { name: "Publish" }).click();
  const link = page.getByRole("status").getByRole("link", { name: /policy set #\d+/ });
  await expect(link).toBeVisible();
  const number = Number((await link.textContent())?.replace(/\D/g, ""));
  expect(number).toBeGreaterThan(active.number);

  await page.goto("/policies");
  const row = page
    .getByRole("region", { name: "Policy set versions" })
    .getByRole("row", { name: new RegExp(`#${number}\\b`) });
  await expect(row).toContainText("active");
  await expect(row).toContainText(state.usernames.security);
  const now = await apiCall<PolicySet>(state, "security", "GET", "/api/v1/policies/active");
  expect(now.digest).toBe(active.digest);
});

test("security settings: lists, signers, advisories and the attestation key", async ({
  page,
  state,
  signIn,
  expectAccessible,
  shoot,
}, testInfo) => {
  await signIn("security");
  await page.goto("/security");
  await expect(page.getByRole("heading", { level: 1, name: "Security settings" })).toBeVisible();
  await expect(
    page.getByText(/No advisories are loaded|advisories in the local OSV/),
  ).toBeVisible();
  const key = await apiCall<{ keyid: string }>(
    state,
    "security",
    "GET",
    "/api/v1/security/attestation-key",
  );
  await expect(page.getByText(key.keyid)).toBeVisible();
  await expect(page.getByRole("region", { name: "Attestation public key (PEM)" })).toContainText(
    "BEGIN PUBLIC KEY",
  );

  // The server's refusal is shown next to the list it concerns, and nothing is saved.
  const review = page.getByRole("region", { name: /^Needs review \(/ });
  await review.getByLabel("Add to needs review").fill("not a license!");
  await review.getByRole("button", { name: "Add" }).click();
  await page.getByRole("button", { name: "Save license lists" }).click();
  await expect(review.getByRole("alert")).toContainText("is not a license id");
  await page.getByRole("button", { name: "Discard changes" }).click();

  // A trusted signer added and removed (the name is unique to this project).
  const signer = uniqueName("signer", testInfo.project.name);
  const pem = generateKeyPairSync("ec", { namedCurve: "P-256" })
    .publicKey.export({ type: "spki", format: "pem" })
    .toString();
  await page.getByLabel("Name", { exact: true }).fill(signer);
  await page.getByLabel("Public key (PEM)", { exact: true }).fill(pem);
  await page.getByRole("button", { name: "Trust signer" }).click();
  const signers = page.getByRole("region", { name: "Trusted signer list" });
  await expect(signers.getByRole("row", { name: new RegExp(signer) })).toContainText("trusted");
  // Tables scroll inside their wrapper; the page itself never scrolls sideways.
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
    page.viewportSize()?.width ?? 0,
  );
  await expectAccessible(page, "security settings");
  await shoot(page, "security-settings");

  await signers
    .getByRole("row", { name: new RegExp(signer) })
    .getByRole("button", { name: /^Remove/ })
    .click();
  await page.getByRole("dialog").getByRole("button", { name: "Remove signer" }).click();
  await expect(signers.getByRole("row", { name: new RegExp(signer) })).toContainText("revoked");
});

test("license lists edited and saved, then restored", async ({ page, state, signIn }, testInfo) => {
  test.skip(
    testInfo.project.name !== "desktop",
    "the projects share one server; the license lists apply to every version",
  );
  const before = await apiCall<{ allow: string[] }>(
    state,
    "security",
    "GET",
    "/api/v1/security/license-policy",
  );
  expect(before.allow).not.toContain("0BSD");
  await signIn("security");
  await page.goto("/security");
  const allowed = page.getByRole("region", { name: /^Allowed \(/ });
  await allowed.getByLabel("Add to allowed").fill("0BSD");
  await allowed.getByRole("button", { name: "Add" }).click();
  await page.getByRole("button", { name: "Save license lists" }).click();
  await expect(page.getByText(/Saved as lists version \d+/)).toBeVisible();

  await page.reload();
  await expect(allowed.getByText("0BSD", { exact: true })).toBeVisible();
  await allowed.getByRole("button", { name: "Remove 0BSD from allowed" }).click();
  await page.getByRole("button", { name: "Save license lists" }).click();
  await expect(page.getByText(/Saved as lists version \d+/)).toBeVisible();
  const after = await apiCall<{ allow: string[] }>(
    state,
    "security",
    "GET",
    "/api/v1/security/license-policy",
  );
  expect(after.allow).toEqual(before.allow);
});
