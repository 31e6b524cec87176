import { describe, expect, it } from "vitest";
import { runFileStem } from "../../../src/output/out-dir.js";

describe("--out-dir file names", () => {
  it("are the command with dashes and generatedAt in basic ISO form, nothing a shell or S3 key minds", () => {
    expect(runFileStem("ec2 list", "2026-11-30T09:15:00.123Z")).toBe("ec2-list-20261130T091500Z");
    expect(runFileStem("triage", "2026-11-30T09:15:00Z")).toBe("triage-20261130T091500Z");
    expect(runFileStem("logs insights", "2026-01-02T03:04:05.000Z")).toMatch(/^[A-Za-z0-9-]+$/);
  });
});
