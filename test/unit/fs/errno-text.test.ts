/** File-system error codes said with what they mean, the code kept for searching. */
import { describe, expect, it } from "vitest";
import { errnoText } from "../../../src/fs/errno-text.js";

describe("errnoText", () => {
  it("adds what a known code means, and leaves an unknown one or none as given", () => {
    expect(errnoText("ENOENT")).toBe("ENOENT (no such file or folder)");
    expect(errnoText("EACCES")).toBe("EACCES (permission denied)");
    expect(errnoText("EWHATEVER")).toBe("EWHATEVER");
    expect(errnoText(undefined, "Error: boom")).toBe("Error: boom");
  });
});
