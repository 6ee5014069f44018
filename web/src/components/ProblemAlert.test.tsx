import { render, screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { ApiError } from "../api/client";
import { ProblemAlert } from "./ProblemAlert";

describe("ProblemAlert", () => {
  it("lists field errors by location without the body/query prefix", () => {
    const error = new ApiError("invalid", 422, {
      type: "https://modelreg.dev/problems/invalid-input",
      title: "Invalid input",
      status: 422,
      detail: "2 fields are invalid",
      errors: [
        { loc: ["body", "rationale"], msg: "must not be empty", type: "value_error" },
        { loc: ["body", "lineage", 0, "uri"], msg: "not a URI", type: "value_error" },
      ],
    });
    expect(error.fieldErrors()).toEqual({
      rationale: "must not be empty",
      "lineage.0.uri": "not a URI",
    });
    render(<ProblemAlert error={error} action="Approving" />);
    const alert = screen.getByRole("alert");
    expect(alert).toHaveTextContent("Approving failed: Invalid input");
    expect(alert).toHaveTextContent("2 fields are invalid");
    expect(alert).toHaveTextContent("rationale: must not be empty");
    expect(alert).toHaveTextContent("lineage.0.uri: not a URI");
  });

  it("explains an offline failure", () => {
    render(<ProblemAlert error={new ApiError("You are offline.", 0, null, true)} />);
    expect(screen.getByRole("alert")).toHaveTextContent("Not sent");
    expect(screen.getByRole("alert")).toHaveTextContent("You are offline.");
  });
});
