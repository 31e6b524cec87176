/**
 * A loopback stand-in for CloudTrail's LookupEvents, which moto does not implement: it serves
 * the documented answer shape (test/fixtures/cloudtrail/lookup-events.json) page by page,
 * its times moved to the test's onset, and records each request's body. Point the CLI at it
 * with AWS_ENDPOINT_URL_CLOUDTRAIL; every other service still goes to moto.
 */
import { createServer } from "node:http";
import { readFileSync } from "node:fs";
import type { AddressInfo } from "node:net";

const FIXTURE = new URL("../fixtures/cloudtrail/lookup-events.json", import.meta.url);
const OFFSETS: Record<string, number> = {
  "onset-2m": -2 * 60_000,
  "onset-30m": -30 * 60_000,
  "onset-3h": -3 * 3_600_000,
};

export interface CloudTrailStandIn {
  endpoint: string;
  /** Each LookupEvents request's JSON body, in order. */
  requests: Array<Record<string, unknown>>;
  close(): Promise<void>;
}

/** AWS's answer to a caller without cloudtrail:LookupEvents (the JSON protocol's error shape). */
const DENIED = JSON.stringify({
  __type: "AccessDeniedException",
  Message:
    "User: arn:aws:sts::123456789012:assumed-role/oncall/sre is not authorized to perform: cloudtrail:LookupEvents because no identity-based policy allows the cloudtrail:LookupEvents action",
});

/** `denied`: every LookupEvents is refused as AWS refuses a role without the permission. */
export async function startCloudTrailStandIn(
  onsetMs: number,
  options: { denied?: boolean } = {},
): Promise<CloudTrailStandIn> {
  const text = readFileSync(FIXTURE, "utf8").replace(/"\{\{(onset-\w+)\}\}"/g, (_, key: string) =>
    String((onsetMs + (OFFSETS[key] ?? 0)) / 1000),
  );
  const pages = (JSON.parse(text) as { pages: Array<{ NextToken?: string }> }).pages;
  const requests: Array<Record<string, unknown>> = [];
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => {
      body += chunk.toString("utf8");
    });
    req.on("end", () => {
      const target = String(req.headers["x-amz-target"] ?? "");
      res.setHeader("content-type", "application/x-amz-json-1.1");
      res.setHeader("x-amzn-requestid", `stand-in-${requests.length + 1}`);
      if (!target.endsWith(".LookupEvents")) {
        res.statusCode = 400;
        res.end(JSON.stringify({ __type: "UnknownOperationException", message: target }));
        return;
      }
      const input = JSON.parse(body || "{}") as Record<string, unknown>;
      requests.push(input);
      if (options.denied === true) {
        res.statusCode = 400;
        res.end(DENIED);
        return;
      }
      const index = pages.findIndex((p) => p.NextToken !== undefined && p.NextToken === input.NextToken) + 1;
      res.end(JSON.stringify(pages[index] ?? { Events: [] }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
