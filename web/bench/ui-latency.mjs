// Browser measurements for bench/ui_bench.py: reads its config as JSON on stdin, prints JSON.
import { chromium } from "@playwright/test";

const config = JSON.parse(
  await new Promise((resolve) => {
    let text = "";
    process.stdin.on("data", (chunk) => (text += chunk));
    process.stdin.on("end", () => resolve(text));
  }),
);

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
  ],
});

async function signedInContext() {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  await context.addInitScript((token) => {
    sessionStorage.setItem("modelreg.token", token);
    // The time of the last key press, read after the results appear.
    document.addEventListener("keydown", () => (window.__lastKey = performance.now()), true);
  }, config.token);
  return context;
}

// Resolves with performance.now() (ms since navigation start) once the page is usable: its h1 is
// on screen and no loading skeleton is left.
const READY = () => {
  const heading = document.querySelector("main h1");
  const loading = document.querySelector(".skeleton, [aria-busy='true']");
  return heading && heading.getBoundingClientRect().height > 0 && !loading
    ? performance.now()
    : false;
};

async function timeLoad(page, url) {
  await page.goto(config.baseURL + url, { waitUntil: "commit" });
  const ready = await page.waitForFunction(READY, undefined, { polling: "raf", timeout: 30_000 });
  return ready.jsonValue();
}

const pages_ms = {};
for (const [name, url] of Object.entries(config.pages)) {
  const cold = [];
  const warm = [];
  for (let rep = 0; rep < config.reps; rep += 1) {
    const context = await signedInContext();
    const page = await context.newPage();
    cold.push(await timeLoad(page, url));
    warm.push(await timeLoad(page, url));
    await context.close();
  }
  pages_ms[name] = { cold, warm };
}

const search_ms = [];
{
  const context = await signedInContext();
  const page = await context.newPage();
  await timeLoad(page, "/");
  const box = page.getByRole("searchbox").first();
  for (const word of config.words) {
    await box.fill("");
    await page.waitForFunction(
      () => document.querySelector("[data-search-results]")?.getAttribute("data-query") === "",
      undefined,
      { polling: "raf" },
    );
    await box.focus();
    for (const [index, key] of [...word].entries()) {
      if (index > 0) await page.waitForTimeout(80);
      await page.keyboard.type(key);
    }
    const shown = await page.waitForFunction(
      (query) => {
        const results = document.querySelector("[data-search-results]");
        return results?.getAttribute("data-query") === query &&
          results.getAttribute("aria-busy") !== "true"
          ? performance.now()
          : false;
      },
      word,
      { polling: "raf", timeout: 30_000 },
    );
    const lastKey = await page.evaluate(() => window.__lastKey);
    search_ms.push((await shown.jsonValue()) - lastKey);
  }
  await context.close();
}

await browser.close();
process.stdout.write(JSON.stringify({ search_ms, pages_ms }));
