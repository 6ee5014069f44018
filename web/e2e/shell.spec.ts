import { expect, test } from "./fixtures";
import { openPrimaryNav } from "./layout";

test("a token signs in, lands where it was going, and signs out", async ({
  page,
  state,
  expectAccessible,
  shoot,
}) => {
  await page.goto("/approvals");
  await expect(page).toHaveURL(/\/login\?next=%2Fapprovals/);
  await expect(page.getByRole("heading", { level: 1, name: "Sign in to modelreg" })).toBeVisible();
  await expectAccessible(page, "sign-in");
  await shoot(page, "login");

  await page.getByLabel("Registry token").fill("mrg_not-a-real-token");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("alert")).toContainText(/token/i);
  await expect(page.getByLabel("Registry token")).toHaveValue("mrg_not-a-real-token");

  await page.getByLabel("Registry token").fill(state.tokens.mrc);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/approvals$/);
  await expect(page.getByText(state.usernames.mrc)).toBeVisible();

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login/);
});

test("navigation offers only what the role may do", async ({ page, signIn }) => {
  await signIn("auditor");
  await page.goto("/");
  const nav = await openPrimaryNav(page);
  await expect(nav.getByRole("link", { name: "Audit" })).toBeVisible();
  await expect(nav.getByRole("link", { name: "Approvals" })).toHaveCount(0);
  await expect(nav.getByRole("link", { name: "Users" })).toHaveCount(0);
});

test("a revoked token asks to sign in again without leaving the page", async ({ page, state }) => {
  const issued = await fetch(`${state.baseURL}/api/v1/users/${state.usernames.auditor}/tokens`, {
    method: "POST",
    headers: { Authorization: `Bearer ${state.tokens.admin}`, "Content-Type": "application/json" },
    body: JSON.stringify({ label: "short-lived", expires_in_days: 1 }),
  }).then((r) => r.json() as Promise<{ id: string; token: string }>);
  await page.goto("/login?next=%2Fsome%2Funknown%2Fpage");
  await page.getByLabel("Registry token").fill(issued.token);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Page not found" })).toBeVisible();

  await fetch(`${state.baseURL}/api/v1/tokens/${issued.id}`, {
    method: "DELETE",
    headers: { Authorization: `Bearer ${state.tokens.admin}` },
  });
  // The next request the app makes is refused; a reload makes one at once.
  await page.reload();
  const dialog = page.getByRole("dialog", { name: "Your session has ended" });
  await expect(dialog).toBeVisible();
  await dialog.getByLabel("Registry token").fill(state.tokens.auditor);
  await dialog.getByRole("button", { name: "Sign in again" }).click();
  await expect(dialog).toBeHidden();
});
