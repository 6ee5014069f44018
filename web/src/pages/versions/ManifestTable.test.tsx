import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { renderWithClient } from "./testing";
import { ManifestTable } from "./ManifestTable";

const entries = [
  { path: "weights/model.safetensors", size: 5 * 1024 * 1024, sha256: "a".repeat(64) },
  { path: "README.md", size: 20, sha256: "b".repeat(64) },
  { path: "config.json", size: 1536, sha256: "c".repeat(64) },
];

function rowPaths() {
  const table = screen.getByRole("table");
  return within(table)
    .getAllByRole("rowheader")
    .map((cell) => cell.textContent);
}

describe("ManifestTable", () => {
  it("filters and sorts the files and keeps the totals in step", async () => {
    renderWithClient(
      <ManifestTable
        entries={entries}
        mediaTypes={{ "config.json": "application/json" }}
        group="fraud"
        name="scorer"
        versionId="1.0.0"
        canDownload={false}
      />,
    );
    expect(rowPaths()).toEqual(["README.md", "config.json", "weights/model.safetensors"]);
    expect(screen.getByText("3 files, 5 MB in total.")).toBeInTheDocument();
    expect(screen.getByRole("row", { name: /config\.json/ })).toHaveTextContent("1.5 KB");
    expect(screen.getByRole("row", { name: /config\.json/ })).toHaveTextContent("application/json");

    await userEvent.selectOptions(screen.getByLabelText("Sort"), "size-desc");
    expect(rowPaths()).toEqual(["weights/model.safetensors", "config.json", "README.md"]);

    await userEvent.type(screen.getByLabelText("Filter by path"), "CONF");
    expect(rowPaths()).toEqual(["config.json"]);
    expect(screen.getByText("1 of 3 files match, 1.5 KB.")).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: /Download/ })).toBeNull();
  });
});
