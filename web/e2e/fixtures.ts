// Shared test helpers: sign in as a role, check accessibility with axe, save screenshots.
import AxeBuilder from "@axe-core/playwright";
import { test as base, expect, type Page } from "@playwright/test";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { readState, type E2EState, type RoleName } from "./state";

interface Fixtures {
  state: E2EState;
  /** Opens the console signed in as `role` (the token is placed in this tab's session storage). */
  signIn: (role: RoleName) => Promise<void>;
  /** Fails on any serious or critical axe violation (WCAG 2.0–2.2 A and AA rules). */
  expectAccessible: (page: Page, context?: string) => Promise<void>;
  /** A full-page screenshot kept as a test artefact (and, with UI_SCREENSHOTS_DIR, for docs/ui.md). */
  shoot: (page: Page, name: string) => Promise<void>;
}

export const test = base.extend<Fixtures>({
  // eslint-disable-next-line no-empty-pattern
  state: async ({}, use) => {
    await use(readState());
  },
  signIn: async ({ page, state }, use) => {
    await use(async (role) => {
      await page.addInitScript((token) => {
        if (!sessionStorage.getItem("modelreg.token"))
          sessionStorage.setItem("modelreg.token", token);
      }, state.tokens[role]);
    });
  },
  // eslint-disable-next-line no-empty-pattern
  expectAccessible: async ({}, use) => {
    await use(async (page, context = page.url()) => {
      const results = await new AxeBuilder({ page })
        .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"])
        .analyze();
      const severe = results.violations.filter(
        (v) => v.impact === "serious" || v.impact === "critical",
      );
      const report = severe.map(
        (v) =>
          `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`,
      );
      expect(report, `axe on ${context}`).toEqual([]);
    });
  },
  // eslint-disable-next-line no-empty-pattern
  shoot: async ({}, use, testInfo) => {
    await use(async (page, name) => {
      const project = testInfo.project.name;
      const dir = join(testInfo.config.rootDir, "..", "test-results", "screens", project);
      mkdirSync(dir, { recursive: true });
      await page.screenshot({ path: join(dir, `${name}.png`), fullPage: true });
      const docs = process.env.UI_SCREENSHOTS_DIR;
      if (docs) {
        mkdirSync(docs, { recursive: true });
        // JPEG keeps the committed gallery small; the test artefacts above stay lossless.
        await page.screenshot({
          path: join(docs, `${name}-${project}.jpg`),
          type: "jpeg",
          quality: 80,
          fullPage: true,
        });
      }
    });
  },
});

export { expect };
