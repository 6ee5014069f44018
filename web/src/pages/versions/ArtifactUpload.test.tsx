import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { json, renderWithClient, stubFetch } from "./testing";
import { ArtifactUpload } from "./ArtifactUpload";

afterEach(() => vi.unstubAllGlobals());

const ABC_SHA256 = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

describe("ArtifactUpload", () => {
  it("sends the raw bytes with the SHA-256 the browser computed", async () => {
    const seen = stubFetch(
      json(201, {
        path: "weights/abc.bin",
        size: 3,
        sha256: ABC_SHA256,
        media_type: "application/octet-stream",
        created_at: "2026-12-07T12:00:00Z",
      }),
    );
    renderWithClient(<ArtifactUpload group="fraud" name="scorer" versionId="1.0.0" />);
    await userEvent.upload(screen.getByLabelText("File to upload"), new File(["abc"], "abc.bin"));
    expect(screen.getByLabelText("Path in the version")).toHaveValue("abc.bin");
    await userEvent.clear(screen.getByLabelText("Path in the version"));
    await userEvent.type(screen.getByLabelText("Path in the version"), "weights/abc.bin");
    await userEvent.click(screen.getByRole("button", { name: "Upload" }));

    expect(await screen.findByText("Uploaded weights/abc.bin (3 B).")).toBeInTheDocument();
    expect((screen.getByLabelText("File to upload") as HTMLInputElement).files).toHaveLength(0);
    expect(screen.getByLabelText("Path in the version")).toHaveValue("");
    const request = seen[0]!;
    expect(request.method).toBe("PUT");
    expect(new URL(request.url).pathname).toBe(
      "/api/v1/models/fraud/scorer/versions/1.0.0/artifacts/weights%2Fabc.bin",
    );
    expect(request.headers.get("x-content-sha256")).toBe(ABC_SHA256);
    expect(request.headers.get("content-type")).toBe("application/octet-stream");
    expect(new TextDecoder().decode(await request.arrayBuffer())).toBe("abc");
  });

  it("shows the server's problem and keeps the chosen path", async () => {
    stubFetch(
      json(409, {
        type: "https://modelreg.dev/problems/wrong-state",
        title: "Conflict",
        status: 409,
        detail: "version 'fraud/scorer@1.0.0' is sealed; artifacts cannot change",
        request_id: "req-9",
      }),
    );
    renderWithClient(<ArtifactUpload group="fraud" name="scorer" versionId="1.0.0" />);
    await userEvent.upload(screen.getByLabelText("File to upload"), new File(["abc"], "abc.bin"));
    await userEvent.click(screen.getByRole("button", { name: "Upload" }));
    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("Uploading failed: Conflict");
    expect(alert).toHaveTextContent("is sealed; artifacts cannot change");
    expect(alert).toHaveTextContent("Request id req-9");
    expect(screen.getByLabelText("Path in the version")).toHaveValue("abc.bin");
  });

  it("asks for a file instead of sending nothing", async () => {
    const seen = stubFetch();
    renderWithClient(<ArtifactUpload group="fraud" name="scorer" versionId="1.0.0" />);
    await userEvent.click(screen.getByRole("button", { name: "Upload" }));
    expect(await screen.findByText("Choose a file to upload.")).toBeInTheDocument();
    expect(seen).toHaveLength(0);
  });
});
