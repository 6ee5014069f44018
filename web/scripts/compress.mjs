// Writes `.br` and `.gz` beside every .html, .js, .css and .svg of the console build, so
// `modelreg serve` sends the smallest encoding a browser accepts without compressing per request
// (the list matches COMPRESSIBLE in src/modelreg/webui/files.py).
// Usage: node scripts/compress.mjs [build directory, default ../src/modelreg/webui/static]
import { readdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { brotliCompress, constants, gzip } from "node:zlib";

const COMPRESSIBLE = /\.(?:html|js|css|svg)$/;
const root =
  process.argv[2] ?? fileURLToPath(new URL("../../src/modelreg/webui/static/", import.meta.url));

const encoders = {
  ".br": (bytes) =>
    promisify(brotliCompress)(bytes, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
        [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
        [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
      },
    }),
  ".gz": (bytes) => promisify(gzip)(bytes, { level: 9 }),
};

async function compress(path) {
  const bytes = await readFile(path);
  const sizes = { plain: bytes.length };
  for (const [suffix, encode] of Object.entries(encoders)) {
    const encoded = await encode(bytes);
    if (encoded.length < bytes.length) {
      await writeFile(path + suffix, encoded);
      sizes[suffix] = encoded.length;
    } else {
      // Not worth it for this file: the server then sends it as it is.
      await rm(path + suffix, { force: true });
    }
  }
  return sizes;
}

let entries;
try {
  entries = await readdir(root, { recursive: true, withFileTypes: true });
} catch (error) {
  console.error(`cannot read the build directory ${root}: ${error.message}; run \`npm run build\``);
  process.exit(1);
}
const files = entries
  .filter((entry) => entry.isFile() && COMPRESSIBLE.test(entry.name))
  .map((entry) => join(entry.parentPath ?? entry.path, entry.name));
if (!files.some((path) => path.endsWith("index.html"))) {
  console.error(`no index.html in ${root}: run \`npm run build\` first`);
  process.exit(1);
}
const results = await Promise.all(files.map(compress));
const total = { plain: 0, ".br": 0, ".gz": 0 };
for (const sizes of results) {
  for (const key of Object.keys(total)) total[key] += sizes[key] ?? sizes.plain;
}
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
console.log(
  `compressed ${files.length} files: ${kb(total.plain)} plain, ` +
    `${kb(total[".gz"])} gzip, ${kb(total[".br"])} brotli`,
);
