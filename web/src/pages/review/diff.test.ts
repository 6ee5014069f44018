import { describe, expect, it } from "vitest";
import type { Schemas } from "../../api/client";
import { diffKeys, diffLineage, diffManifest, pickBaseline } from "./diff";

const file = (path: string, sha256: string, size = 10) => ({ path, sha256, size });

function link(kind: string, ref: string, id = ref): Schemas["LineageLinkRead"] {
  return { id, kind, ref, attributes: {}, created_at: "2026-12-01T10:00:00Z", upstream: null };
}

function summary(version: string, stage: Schemas["Stage"]): Schemas["VersionSummary"] {
  return {
    model: "fraud/scorer",
    version,
    stage,
    description: "",
    tags: {},
    is_prerelease: false,
    sealed: true,
    digest: `sha256:${version}`,
    created_at: "2026-12-01T10:00:00Z",
    updated_at: "2026-12-01T10:00:00Z",
  };
}

describe("diffManifest", () => {
  it("finds added, removed and changed files by digest or size, sorted by path", () => {
    const before = [file("model.bin", "a"), file("config.json", "c", 5), file("old.txt", "o")];
    const after = [file("model.bin", "b"), file("config.json", "c", 6), file("new.txt", "n")];
    expect(diffManifest(before, after)).toEqual([
      { kind: "changed", path: "config.json", before: before[1], after: after[1] },
      { kind: "changed", path: "model.bin", before: before[0], after: after[0] },
      { kind: "added", path: "new.txt", after: after[2] },
      { kind: "removed", path: "old.txt", before: before[2] },
    ]);
  });

  it("is empty for identical manifests", () => {
    expect(diffManifest([file("a", "1")], [file("a", "1")])).toEqual([]);
  });
});

describe("diffLineage", () => {
  it("matches links by kind and normalised ref, not by id", () => {
    const before = [link("dataset", "s3://d/v1", "x1"), link("code", "git@c#abc", "x2")];
    const after = [link("dataset", "s3://d/v2", "y1"), link("code", "git@c#abc", "y2")];
    expect(diffLineage(before, after)).toEqual([
      { kind: "added", link: after[0] },
      { kind: "removed", link: before[0] },
    ]);
  });
});

describe("diffKeys", () => {
  it("reports key-level changes, comparing nested values regardless of key order", () => {
    const before = { auc: 0.91, owner: "risk", params: { a: 1, b: 2 }, gone: true };
    const after = { auc: 0.93, owner: "risk", params: { b: 2, a: 1 }, added: "yes" };
    expect(diffKeys(before, after)).toEqual([
      { kind: "added", key: "added", after: "yes" },
      { kind: "changed", key: "auc", before: "0.91", after: "0.93" },
      { kind: "removed", key: "gone", before: "true" },
    ]);
  });
});

describe("pickBaseline", () => {
  it("prefers the first list and skips the version under review", () => {
    const production = [summary("2.0.0", "production"), summary("1.0.0", "production")];
    expect(pickBaseline([production], "2.0.0")?.version).toBe("1.0.0");
    expect(pickBaseline([[], [summary("1.5.0", "staging")]], "2.0.0")?.version).toBe("1.5.0");
    expect(pickBaseline([[summary("2.0.0", "production")]], "2.0.0")).toBeNull();
  });
});
