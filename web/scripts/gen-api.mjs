// Generates src/api/schema.d.ts from the committed docs/openapi.json; `--check` fails when it is stale.
import { readFile, writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import openapiTS, { astToString } from "openapi-typescript";

const spec = fileURLToPath(new URL("../../docs/openapi.json", import.meta.url));
const target = fileURLToPath(new URL("../src/api/schema.d.ts", import.meta.url));
const header =
  "// Generated from docs/openapi.json by `npm run gen:api`; do not edit by hand.\n" +
  "/* eslint-disable */\n";

const ast = await openapiTS(JSON.parse(await readFile(spec, "utf8")));
const generated = header + astToString(ast);

if (process.argv.includes("--check")) {
  const current = await readFile(target, "utf8").catch(() => "");
  if (current !== generated) {
    console.error(
      "web/src/api/schema.d.ts is stale: docs/openapi.json changed. Run `npm run gen:api` in web/ and commit the result.",
    );
    process.exit(1);
  }
  console.log("typed API client matches docs/openapi.json");
} else {
  await writeFile(target, generated);
  console.log(`wrote ${target}`);
}
