/** `ec2 status` on a terminal: each scheduled event as what and from when, whole at 80 columns. */
import { describe, expect, it } from "vitest";
import { renderTable } from "../../../src/output/format.js";
import { PLAIN_VIEW } from "../../../src/output/table-fit.js";
import { TABLE_LAYOUTS } from "../../../src/output/table-layouts.js";
import { displayWidth } from "../../../src/output/terminal-text.js";

const event = (code: string, description: string, notBefore: string | null) => ({
  code,
  description,
  notBefore,
  notAfter: null,
  eventId: "instance-event-0123456789abcdef0",
  notBeforeDeadline: null,
});
const rows = [
  {
    instanceId: "i-0a1b2c3d4e5f60718",
    state: "running",
    systemStatus: "ok",
    instanceStatus: "ok",
    events: [
      event("instance-stop", "The instance is running on degraded hardware", "2026-12-09T00:00:00.000Z"),
      event("system-reboot", "[Completed] scheduled reboot", "2026-12-01T09:00:43.000Z"),
    ],
  },
  { instanceId: "i-0f9e8d7c6b5a40312", state: "running", systemStatus: "ok", instanceStatus: "impaired", events: [] },
];

describe("ec2 status events column", () => {
  it.each([80, 120])(
    "at %i columns reads each event's code, start and [Completed] mark, not its field names",
    (width) => {
      const columns = ["instanceId", "state", "systemStatus", "instanceStatus", "events"];
      const out = renderTable(rows, columns, { layout: TABLE_LAYOUTS["ec2 status"], view: { ...PLAIN_VIEW, width } });
      const lines = out.trimEnd().split("\n");
      for (const line of lines) expect(displayWidth(line)).toBeLessThanOrEqual(width);
      if (width === 120) expect(lines[1]).toMatch(/ok +instance-stop 2026-12-09T00:00Z; \[Completed\] system-reboot/);
      else expect(lines[1]).toMatch(/ok +instance-stop 2026-12-09T00:/);
      expect(out).not.toContain("code=");
      expect(lines[2]).toMatch(/impaired +-$/);
    },
  );
});
