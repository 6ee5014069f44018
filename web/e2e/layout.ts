// Layout checks shared by the page specs.
import { expect, type Locator, type Page } from "@playwright/test";

/** The page does not scroll sideways (tables may scroll inside their own region). */
export async function expectNoSideScroll(page: Page): Promise<void> {
  const [scroll, client] = await page.evaluate(() => [
    document.documentElement.scrollWidth,
    document.documentElement.clientWidth,
  ]);
  expect(scroll, "page width").toBeLessThanOrEqual(client);
}

// The shell hides the primary navigation behind its Menu button at this width and below
// (base.css). Deciding by the viewport, not by whether the button is visible yet, keeps a page that
// is still rendering from skipping the click.
const PHONE_MAX_WIDTH = 760;

/** Opens the primary navigation (through the Menu button on a phone) and returns it. */
export async function openPrimaryNav(page: Page): Promise<Locator> {
  if ((page.viewportSize()?.width ?? PHONE_MAX_WIDTH + 1) <= PHONE_MAX_WIDTH) {
    await page.getByRole("button", { name: "Menu" }).click();
  }
  return page.getByRole("navigation", { name: "Primary" });
}
