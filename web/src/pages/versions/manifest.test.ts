import { describe, expect, it } from "vitest";
import { artifactUrl, filterAndSort, formatSize, sha256Hex, totalSize } from "./manifest";

describe("formatSize", () => {
  it.each([
    [0, "0 B"],
    [1023, "1023 B"],
    [1024, "1 KB"],
    [1536, "1.5 KB"],
    [10 * 1024 * 1024, "10 MB"],
    [251_658_240, "240 MB"],
    [3.25 * 1024 ** 3, "3.3 GB"],
  ])("%d bytes is %s", (bytes, text) => {
    expect(formatSize(bytes)).toBe(text);
  });
});

describe("filterAndSort", () => {
  const entries = [
    { path: "weights/model.safetensors", size: 5000, sha256: "a" },
    { path: "README.md", size: 20, sha256: "b" },
    { path: "config/tokenizer.json", size: 700, sha256: "c" },
    { path: "weights/extra.bin", size: 700, sha256: "d" },
  ];

  it("sorts by path, and by size with path breaking ties", () => {
    expect(filterAndSort(entries, "", "path").map((e) => e.path)).toEqual([
      "README.md",
      "config/tokenizer.json",
      "weights/extra.bin",
      "weights/model.safetensors",
    ]);
    expect(filterAndSort(entries, "", "size-desc").map((e) => e.size)).toEqual([
      5000, 700, 700, 20,
    ]);
    expect(filterAndSort(entries, "", "size-asc").map((e) => e.path)).toEqual([
      "README.md",
      "config/tokenizer.json",
      "weights/extra.bin",
      "weights/model.safetensors",
    ]);
  });

  it("keeps paths containing the filter, ignoring case and spaces around it", () => {
    expect(filterAndSort(entries, "  WEIGHTS/ ", "size-asc").map((e) => e.path)).toEqual([
      "weights/extra.bin",
      "weights/model.safetensors",
    ]);
    expect(filterAndSort(entries, "nothing", "path")).toEqual([]);
    expect(totalSize(entries)).toBe(6420);
  });

  it("does not reorder the array it was given", () => {
    const before = entries.map((e) => e.path);
    filterAndSort(entries, "", "size-desc");
    expect(entries.map((e) => e.path)).toEqual(before);
  });
});

describe("artifactUrl", () => {
  it("encodes each segment and keeps the slashes", () => {
    expect(artifactUrl("fraud", "scorer", "1.0.0+b1", "weights/my model#1.bin")).toBe(
      "/api/v1/models/fraud/scorer/versions/1.0.0%2Bb1/artifacts/weights/my%20model%231.bin",
    );
  });
});

describe("sha256Hex", () => {
  it("is the SHA-256 of the bytes in lower-case hex", async () => {
    const bytes = new TextEncoder().encode("abc");
    expect(await sha256Hex(bytes)).toBe(
      "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
    );
  });
});
