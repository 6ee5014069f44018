// Fails when the JavaScript and CSS a first visit downloads exceed the budget (gzipped).
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

const BUDGET_KB = 250;
const root = fileURLToPath(new URL("../../src/modelreg/webui/static/", import.meta.url));
const html = await readFile(new URL("index.html", `file://${root}`), "utf8");
const initial = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.(?:js|css))"/g)].map(
  (m) => m[1],
);
if (initial.length === 0) {
  console.error("no assets referenced from index.html: run `npm run build` first");
  process.exit(1);
}
let total = 0;
for (const asset of initial) {
  const bytes = await readFile(root + asset);
  const gz = gzipSync(bytes, { level: 9 }).length;
  total += gz;
  console.log(`${(gz / 1024).toFixed(1).padStart(7)} KB gz  ${asset}`);
}
console.log(
  `${(total / 1024).toFixed(1).padStart(7)} KB gz  initial total (budget ${BUDGET_KB} KB)`,
);
if (total > BUDGET_KB * 1024) {
  console.error(
    `initial download is over budget by ${((total - BUDGET_KB * 1024) / 1024).toFixed(1)} KB`,
  );
  process.exit(1);
}
