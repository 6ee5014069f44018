import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import type { FacetCounts } from "./facets";
import { FacetPanel } from "./FacetPanel";
import { parseSearch } from "./searchState";

const state = (query: string) => parseSearch(new URLSearchParams(query));

describe("FacetPanel", () => {
  it("lists counted values, keeps a chosen value that is not among them, and filters on choice", async () => {
    const counts: FacetCounts = {
      group: {
        values: [
          { value: "fraud", count: 12 },
          { value: "pricing", count: 1 },
        ],
        truncated: true,
      },
      risk_tier: {
        values: [
          { value: "low", count: 9 },
          { value: "medium", count: 0 },
          { value: "high", count: 2 },
        ],
        truncated: false,
      },
    };
    const onChange = vi.fn();
    render(<FacetPanel state={state("group=rare")} counts={counts} onChange={onChange} />);

    const group = screen.getByRole("group", { name: "Group" });
    expect(within(group).getByLabelText("fraud 12 models")).not.toBeChecked();
    expect(within(group).getByLabelText("pricing 1 model")).toBeVisible();
    expect(within(group).getByLabelText("rare")).toBeChecked();
    // A truncated open facet also takes a typed value.
    expect(within(group).getByLabelText("Other group")).toBeVisible();
    expect(within(group).getByText("Most common values shown.")).toBeVisible();

    const tier = screen.getByRole("group", { name: "Risk tier" });
    expect(within(tier).getByLabelText("Any")).toBeChecked();
    expect(within(tier).queryByLabelText(/Other/)).toBeNull();
    await userEvent.click(within(tier).getByLabelText("high 2 models"));
    expect(onChange).toHaveBeenLastCalledWith(
      expect.objectContaining({ filters: { group: "rare", risk_tier: "high" } }),
    );
  });

  it("without counts, offers fixed vocabularies and free text for the rest", async () => {
    const onChange = vi.fn();
    render(<FacetPanel state={state("")} onChange={onChange} />);
    const stage = screen.getByRole("group", { name: "Stage" });
    expect(within(stage).getAllByRole("radio")).toHaveLength(8);
    const owner = screen.getByRole("group", { name: "Owner" });
    expect(within(owner).queryAllByRole("radio")).toHaveLength(0);
    await userEvent.type(within(owner).getByLabelText("Owner is"), "olivia{Enter}");
    expect(onChange).toHaveBeenLastCalledWith(
      expect.objectContaining({ filters: { owner: "olivia" } }),
    );
  });

  it("adds tags as key=value and says so when the form is wrong", async () => {
    const onChange = vi.fn();
    render(<FacetPanel state={state("tag=team%3Drisk")} onChange={onChange} />);
    const tags = screen.getByRole("group", { name: "Tags" });
    expect(within(tags).getByLabelText("team=risk")).toBeChecked();
    const add = within(tags).getByLabelText("Add tag");
    await userEvent.type(add, "noequals{Enter}");
    expect(within(tags).getByText("Write it as key=value.")).toBeVisible();
    expect(add).toHaveAttribute("aria-invalid", "true");
    expect(onChange).not.toHaveBeenCalled();
    await userEvent.clear(add);
    await userEvent.type(add, "domain=pay{Enter}");
    expect(onChange).toHaveBeenLastCalledWith(
      expect.objectContaining({ tags: ["team=risk", "domain=pay"] }),
    );
    await userEvent.click(within(tags).getByLabelText("team=risk"));
    expect(onChange).toHaveBeenLastCalledWith(expect.objectContaining({ tags: [] }));
  });
});
