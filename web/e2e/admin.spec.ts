import { apiCall, seedVersion, uniqueName } from "./api";
import { expect, test } from "./fixtures";
import { expectNoSideScroll, openPrimaryNav } from "./layout";

test("an admin creates a user, issues a token shown once, and revokes it", async ({
  page,
  signIn,
  expectAccessible,
  shoot,
}, testInfo) => {
  const username = uniqueName("new-user", testInfo.project.name);
  await signIn("admin");
  await page.goto("/");
  await (await openPrimaryNav(page)).getByRole("link", { name: "Users" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Users" })).toBeVisible();

  // A bad username: the server's message stands beside the field and the input stays.
  const field = page.getByLabel("Username");
  await field.fill("Bad Name!");
  await page.getByRole("checkbox", { name: "Auditor" }).check();
  await page.getByRole("button", { name: "Create user" }).click();
  await expect(field).toHaveAttribute("aria-invalid", "true");
  const describedBy = (await field.getAttribute("aria-describedby")) ?? "";
  const errorId = describedBy.split(" ").find((id) => id.endsWith("-error")) ?? "missing";
  await expect(page.locator(`[id="${errorId}"]`)).toContainText(
    /is invalid: use 1.64 lowercase letters/,
  );
  await expect(field).toHaveValue("Bad Name!");
  await expect(page.getByRole("checkbox", { name: "Auditor" })).toBeChecked();

  await field.fill(username);
  await page.getByRole("button", { name: "Create user" }).click();
  await expect(page.getByRole("status").getByRole("link", { name: username })).toBeVisible();
  await expect(
    page.getByRole("region", { name: "Users" }).getByRole("link", { name: username }),
  ).toBeVisible();
  await expectAccessible(page, "users");
  await expectNoSideScroll(page);
  await shoot(page, "admin-users");

  await page.getByRole("region", { name: "Users" }).getByRole("link", { name: username }).click();
  await expect(page.getByRole("heading", { level: 1, name: username })).toBeVisible();
  await expect(page.getByText("No tokens yet")).toBeVisible();
  await page.getByLabel("Label").fill("ci pipeline");
  await page.getByRole("button", { name: "Issue token" }).click();
  const dialog = page.getByRole("dialog", { name: `Token issued for ${username}` });
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText("shown only this once");
  const secret = (await dialog.getByLabel("Token secret").textContent()) ?? "";
  expect(secret).toMatch(/^mrg_/);
  await dialog.getByRole("button", { name: "Copy token" }).click();
  await expect(dialog.getByRole("status")).toContainText(/Copied|Copying failed/);
  await expectAccessible(page, "token issued dialog");
  await dialog.getByRole("button", { name: "I have stored it, close" }).click();
  await expect(dialog).toBeHidden();
  // Shown once: the page no longer holds the secret anywhere.
  await expect(page.getByText(secret)).toHaveCount(0);

  const tokens = page.getByRole("region", { name: `Tokens of ${username}` });
  const row = tokens.getByRole("row", { name: /ci pipeline/ });
  await expect(row).toContainText("active");
  await expectNoSideScroll(page);
  await shoot(page, "admin-user");

  await row.getByRole("button", { name: /Revoke/ }).click();
  const confirm = page.getByRole("dialog", { name: "Revoke token “ci pipeline”?" });
  await confirm.getByRole("button", { name: "Revoke token" }).click();
  await expect(confirm).toBeHidden();
  await expect(row).toContainText("revoked");
  // The server agrees: the revoked secret no longer signs in.
  const refused = await page.request.get("/api/v1/me", {
    headers: { Authorization: `Bearer ${secret}` },
  });
  expect(refused.status()).toBe(401);
});

test("an admin changes a user's roles and disables them", async ({
  page,
  state,
  signIn,
}, testInfo) => {
  const username = uniqueName("roles", testInfo.project.name);
  await apiCall(state, "admin", "POST", "/api/v1/users", { username, roles: ["sre"] });
  await signIn("admin");
  await page.goto(`/admin/users/${username}`);
  await page.getByRole("checkbox", { name: "Auditor" }).check();
  await page.getByRole("checkbox", { name: "Disabled" }).check();
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByText("Saved.")).toBeVisible();
  const user = await apiCall<{ roles: string[]; disabled: boolean }>(
    state,
    "admin",
    "GET",
    `/api/v1/users/${username}`,
  );
  expect(user.roles.sort()).toEqual(["auditor", "sre"]);
  expect(user.disabled).toBe(true);
});

test("a model owner has no Users item, is offered no admin action and sees the server's 403", async ({
  page,
  state,
  signIn,
}) => {
  await signIn("owner");
  await page.goto("/");
  const nav = await openPrimaryNav(page);
  await expect(nav.getByRole("link", { name: "Search" })).toBeVisible();
  await expect(nav.getByRole("link", { name: "Users" })).toHaveCount(0);

  // Owners hold users:read, so the server lists users; creating one needs users:admin.
  await page.goto("/admin/users");
  await expect(page.getByRole("region", { name: "Users" })).toContainText(state.usernames.auditor);
  await expect(page.getByRole("button", { name: "Create user" })).toHaveCount(0);

  // Another user's tokens are theirs: the server refuses and the page says so.
  await page.goto(`/admin/users/${state.usernames.auditor}`);
  const alert = page.getByRole("alert");
  await expect(alert).toContainText("Loading tokens failed");
  await expect(alert).toContainText("you may list only your own tokens");
  await expect(page.getByRole("button", { name: "Save changes" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Issue token" })).toHaveCount(0);
});

test("every user manages their own tokens", async ({
  page,
  state,
  signIn,
  expectAccessible,
  shoot,
}, testInfo) => {
  // The sre user is shared by the three projects: the label tells this run's token apart.
  const label = uniqueName("laptop-cli", testInfo.project.name);
  await signIn("sre");
  await page.goto("/");
  await page.getByRole("link", { name: "My tokens" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "My tokens" })).toBeVisible();
  const tokens = page.getByRole("region", { name: `Tokens of ${state.usernames.sre}` });
  await expect(tokens.getByRole("row", { name: /e2e/ }).first()).toBeVisible();

  await page.getByLabel("Label").fill(label);
  await page.getByLabel("Expires in (days)").fill("7");
  await page.getByRole("button", { name: "Issue token" }).click();
  const dialog = page.getByRole("dialog", { name: /Token issued for/ });
  await expect(dialog.getByLabel("Token secret")).toContainText("mrg_");
  await dialog.getByRole("button", { name: "I have stored it, close" }).click();
  await expect(tokens.getByRole("row", { name: label })).toContainText("active");
  await expectAccessible(page, "my tokens");
  await expectNoSideScroll(page);
  await shoot(page, "my-tokens");

  await tokens
    .getByRole("row", { name: label })
    .getByRole("button", { name: /Revoke/ })
    .click();
  await page.getByRole("dialog").getByRole("button", { name: "Revoke token" }).click();
  await expect(tokens.getByRole("row", { name: label })).toContainText("revoked");
});

test("notifications list what they concern, newest first", async ({
  page,
  state,
  signIn,
  expectAccessible,
  shoot,
}, testInfo) => {
  // A pickle that calls os.system: its scan finds blocking code execution and notifies security.
  const group = uniqueName("notify", testInfo.project.name);
  const seeded = await seedVersion(state, group, "evil", { seal: false });
  await apiCall(
    state,
    "owner",
    "PUT",
    `/api/v1/models/${group}/evil/versions/1.0.0/artifacts/model/evil.pkl`,
    new TextEncoder().encode("cos\nsystem\n(S'id'\ntR."),
    { "Content-Type": "application/octet-stream" },
  );
  await apiCall(state, "owner", "POST", `/api/v1/models/${group}/evil/versions/1.0.0/seal`);
  await expect
    .poll(
      async () => {
        const items = await apiCall<{ title: string }[]>(
          state,
          "security",
          "GET",
          "/api/v1/notifications?limit=200",
        );
        return items.some((item) => item.title.startsWith(`${group}/evil@1.0.0`));
      },
      { timeout: 45_000 },
    )
    .toBe(true);

  await signIn("security");
  await page.goto("/");
  const menuLink = page.getByRole("link", { name: /^Notifications/ });
  await expect(menuLink).toContainText(/\d+ new/);
  await menuLink.click();
  await expect(page.getByRole("heading", { level: 1, name: "Notifications" })).toBeVisible();
  const list = page.getByRole("list", { name: "Notifications" });
  const first = list.getByRole("article").first();
  await expect(first).toContainText(`${group}/evil@1.0.0`);
  await expect(first).toContainText("new");
  await expect(
    first.getByRole("link", { name: `${group}/evil@1.0.0`, exact: true }),
  ).toHaveAttribute("href", seeded.path);
  await expect(
    first.getByRole("link", { name: /blocking security finding\(s\)$/ }),
  ).toHaveAttribute("href", seeded.path);
  // Opening the list marks everything seen: the menu count is gone.
  await expect(menuLink).not.toContainText("new");
  await expectAccessible(page, "notifications");
  await expectNoSideScroll(page);
  await shoot(page, "notifications");
});

test("a role without notifications:read is not offered notifications", async ({ page, signIn }) => {
  await signIn("sre");
  await page.goto("/settings/tokens");
  await expect(page.getByRole("heading", { level: 1, name: "My tokens" })).toBeVisible();
  await expect(page.getByRole("link", { name: /^Notifications/ })).toHaveCount(0);
});
