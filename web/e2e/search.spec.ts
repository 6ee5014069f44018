import { apiCall, seedVersion, uniqueName } from "./api";
import { expect, test } from "./fixtures";

test("search as you type, filter by facets, restore from the URL, open by keyboard", async ({
  page,
  state,
  signIn,
  expectAccessible,
  shoot,
}, testInfo) => {
  // One token unique to this run and project: every seeded name carries it, so a search for it
  // sees exactly these models whatever the other projects seed.
  const token = uniqueName("zq", testInfo.project.name);
  const g1 = `${token}-g1`;
  const g2 = `${token}-g2`;
  await seedVersion(state, g1, `${token}-scorer`, { riskTier: "high" });
  await seedVersion(state, g1, `${token}-churn`, { riskTier: "low" });
  await seedVersion(state, g2, `${token}-pricer`, { riskTier: "medium", seal: false });
  await apiCall(state, "owner", "PATCH", `/api/v1/models/${g1}/${token}-scorer`, {
    tags: { team: "e2e", domain: "payments" },
  });

  await signIn("auditor");
  await page.goto("/");
  await expect(page.getByRole("heading", { level: 1, name: "Search" })).toBeVisible();
  const box = page.getByLabel("Search models and versions");
  const results = page.locator("#search-results");
  const hit = (name: string) => results.getByRole("link", { name, exact: true });

  // A prefix of the last word is enough.
  await box.pressSequentially(token.slice(0, -2), { delay: 20 });
  await expect(hit(`${g1}/${token}-scorer`)).toBeVisible();
  await expect(hit(`${g1}/${token}-churn`)).toBeVisible();
  await expect(hit(`${g2}/${token}-pricer`)).toBeVisible();
  await expect(results.getByRole("status")).toHaveText("3 models");
  await expect(page).toHaveURL(new RegExp(`\\?q=${token.slice(0, -2)}$`));
  const scorer = results.getByRole("listitem").filter({
    has: page.getByRole("link", { name: `${g1}/${token}-scorer`, exact: true }),
  });
  await expect(scorer).toContainText("high risk");
  await expect(scorer).toContainText("1.0.0");
  await expect(scorer).toContainText("sklearn / classification");
  await expect(scorer).toContainText(state.usernames.owner);
  await expect(scorer).toContainText("domain=payments");

  // Phones keep the facets behind a disclosure button.
  const toggle = page.getByRole("button", { name: /^Filters/ });
  const tier = page.getByRole("group", { name: "Risk tier" });
  if (testInfo.project.name === "phone") {
    await expect(tier).toBeHidden();
    await expect(toggle).toHaveAttribute("aria-expanded", "false");
    await toggle.click();
    await expect(toggle).toHaveAttribute("aria-expanded", "true");
  } else {
    await expect(toggle).toBeHidden();
  }
  await expect(tier).toBeVisible();
  await expectAccessible(page, "search with results");
  await shoot(page, "search");

  await tier.getByLabel("high").check();
  await expect(hit(`${g1}/${token}-churn`)).toBeHidden();
  await expect(hit(`${g1}/${token}-scorer`)).toBeVisible();
  await expect(results.getByRole("status")).toHaveText("1 model");
  await expect(page).toHaveURL(/risk_tier=high/);

  // Facet counts follow the other filters: with the tier chosen, only g1 has a high-risk model.
  const group = page.getByRole("group", { name: "Group" });
  await expect(group.getByLabel(`${g1} 1 model`)).toBeVisible();
  await expect(group.getByLabel(g2)).toHaveCount(0);
  await page.getByRole("button", { name: "Remove filter Risk tier: high" }).click();
  await group.getByLabel(g2).check();
  await expect(hit(`${g2}/${token}-pricer`)).toBeVisible();
  await expect(hit(`${g1}/${token}-scorer`)).toBeHidden();
  await expect(page).toHaveURL(new RegExp(`group=${g2}`));

  // Reload: the whole search comes back from the URL.
  await page.reload();
  await expect(box).toHaveValue(token.slice(0, -2));
  if (testInfo.project.name === "phone") await toggle.click();
  await expect(page.getByRole("group", { name: "Group" }).getByLabel(g2)).toBeChecked();
  await expect(hit(`${g2}/${token}-pricer`)).toBeVisible();
  await expect(results.getByRole("link")).toHaveCount(1);

  // Back goes to the search without filters, then to the tier alone.
  await page.goBack();
  await expect(page).not.toHaveURL(/group=|risk_tier=/);
  await page.goBack();
  await expect(page).toHaveURL(/risk_tier=high$/);
  await expect(hit(`${g1}/${token}-scorer`)).toBeVisible();

  // Keyboard: "/" focuses the box, the arrows reach the results, Enter opens one.
  await page.locator("h1").click();
  await page.keyboard.press("/");
  await expect(box).toBeFocused();
  await page.keyboard.press("ArrowDown");
  await expect(hit(`${g1}/${token}-scorer`)).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(new RegExp(`/models/${g1}/${token}-scorer$`));
  await expect(
    page.getByRole("heading", { level: 1, name: `${g1}/${token}-scorer` }),
  ).toBeVisible();
});

test("versions view lists version hits with stage, digest and seal", async ({
  page,
  state,
  signIn,
}, testInfo) => {
  const token = uniqueName("zv", testInfo.project.name);
  await seedVersion(state, token, "model", { version: "2.0.0", seal: false });
  await signIn("sre");
  await page.goto("/?view=versions&stage=draft");
  await expect(page.getByRole("button", { name: "Versions", exact: true })).toHaveAttribute(
    "aria-pressed",
    "true",
  );
  const hit = page
    .locator("#search-results")
    .getByRole("listitem")
    .filter({
      has: page.getByRole("link", { name: `${token}/model 2.0.0` }),
    });
  await expect(hit).toBeVisible();
  await expect(hit).toContainText("draft");
  await expect(hit).toContainText("not sealed");
  await expect(hit.getByRole("button", { name: /Copy digest/ })).toBeVisible();
  // Escape clears the query and keeps the filters.
  const box = page.getByLabel("Search models and versions");
  await box.fill("seeded");
  await expect(page).toHaveURL(/q=seeded/);
  await box.press("Escape");
  await expect(box).toHaveValue("");
  await expect(page).toHaveURL(/\?view=versions&stage=draft$/);
});
