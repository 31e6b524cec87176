/**
 * A loopback stand-in for CloudWatch's DescribeAlarmHistory, which moto does not implement: it
 * serves the documented answer (test/fixtures/cloudwatch/describe-alarm-history.json) page by
 * page, its times moved to the test's onset and its alarm renamed, records each request's body,
 * and passes every other CloudWatch call (DescribeAlarms, GetMetricData) through to `upstream`
 * (moto, or the counting proxy). With `deny`, it answers as AWS does a caller without
 * cloudwatch:DescribeAlarmHistory. Point the CLI at it with AWS_ENDPOINT_URL_CLOUDWATCH.
 */
import { createServer } from "node:http";
import { readFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { passThrough } from "./account-settings-stand-in.js";

const FIXTURE = new URL("../fixtures/cloudwatch/describe-alarm-history.json", import.meta.url);
const OFFSETS: Record<string, number> = { "onset+3m": 3 * 60_000, "onset-30m": -30 * 60_000 };

export interface AlarmHistoryStandIn {
  endpoint: string;
  /** Each DescribeAlarmHistory request's JSON body, in order. */
  requests: Array<Record<string, unknown>>;
  close(): Promise<void>;
}

export async function startAlarmHistoryStandIn(
  upstream: string,
  onsetMs: number,
  options: { alarmName: string; deny?: boolean },
): Promise<AlarmHistoryStandIn> {
  const text = readFileSync(FIXTURE, "utf8")
    .replace(/"\{\{(onset[+-]\w+)\}\}"/g, (_, key: string) => String((onsetMs + (OFFSETS[key] ?? 0)) / 1000))
    .replaceAll('"AlarmName": "myalarm"', `"AlarmName": ${JSON.stringify(options.alarmName)}`);
  const pages = (JSON.parse(text) as { pages: Array<{ NextToken?: string }> }).pages;
  const requests: Array<Record<string, unknown>> = [];
  const target = new URL(upstream);
  const server = createServer((req, res) => {
    if (!String(req.headers["x-amz-target"] ?? "").endsWith(".DescribeAlarmHistory")) {
      passThrough(target, req, res);
      return;
    }
    let body = "";
    req.on("data", (chunk: Buffer) => {
      body += chunk.toString("utf8");
    });
    req.on("end", () => {
      const input = JSON.parse(body || "{}") as Record<string, unknown>;
      requests.push(input);
      res.setHeader("content-type", "application/x-amz-json-1.0");
      res.setHeader("x-amzn-requestid", `stand-in-${requests.length}`);
      if (options.deny === true) {
        res.statusCode = 403;
        res.setHeader("x-amzn-query-error", "AccessDenied;Sender");
        res.end(
          JSON.stringify({
            __type: "com.amazonaws.cloudwatch#AccessDenied",
            message:
              "User: arn:aws:iam::123456789012:user/oncall is not authorized to perform: cloudwatch:DescribeAlarmHistory",
          }),
        );
        return;
      }
      const index = pages.findIndex((p) => p.NextToken !== undefined && p.NextToken === input.NextToken) + 1;
      res.end(JSON.stringify(pages[index] ?? { AlarmHistoryItems: [] }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
