// Layout checks shared by the page specs.
import { expect, type Page } from "@playwright/test";

/** The page does not scroll sideways (tables may scroll inside their own region). */
export async function expectNoSideScroll(page: Page): Promise<void> {
  const [scroll, client] = await page.evaluate(() => [
    document.documentElement.scrollWidth,
    document.documentElement.clientWidth,
  ]);
  expect(scroll, "page width").toBeLessThanOrEqual(client);
}
