/**
 * A loopback fake of the three calls a sweep of `ec2 list` makes (STS AssumeRole and
 * GetCallerIdentity, EC2 DescribeInstances), answering each after a fixed latency, for figure
 * (i): hundreds of accounts without an emulator's per-request cost in the way. An assumed
 * role's access key names its account (`ASIA` + the 12 digits), so GetCallerIdentity answers
 * for the account the role belongs to.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";

export interface FakeEndpoint {
  endpoint: string;
  /** Requests answered, by action. */
  counts: Map<string, number>;
  maxInFlight(): number;
  close(): Promise<void>;
}

const STS = "https://sts.amazonaws.com/doc/2011-06-15/";
const EC2 = "http://ec2.amazonaws.com/doc/2016-11-15/";

function answer(action: string, params: URLSearchParams, authorization: string): { status: number; body: string } {
  if (action === "AssumeRole") {
    const account = /arn:aws:iam::(\d{12}):role\//.exec(params.get("RoleArn") ?? "")?.[1] ?? "000000000000";
    const expiration = new Date(Date.now() + 3_600_000).toISOString();
    return {
      status: 200,
      body: `<AssumeRoleResponse xmlns="${STS}"><AssumeRoleResult><Credentials><AccessKeyId>ASIA${account}</AccessKeyId><SecretAccessKey>secret</SecretAccessKey><SessionToken>token</SessionToken><Expiration>${expiration}</Expiration></Credentials><AssumedRoleUser><AssumedRoleId>AROA:${params.get("RoleSessionName") ?? "s"}</AssumedRoleId><Arn>arn:aws:sts::${account}:assumed-role/triage/s</Arn></AssumedRoleUser></AssumeRoleResult><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></AssumeRoleResponse>`,
    };
  }
  if (action === "GetCallerIdentity") {
    const key = /Credential=([A-Z0-9]+)\//.exec(authorization)?.[1] ?? "";
    const account = /^ASIA(\d{12})$/.exec(key)?.[1] ?? "123456789012";
    return {
      status: 200,
      body: `<GetCallerIdentityResponse xmlns="${STS}"><GetCallerIdentityResult><Arn>arn:aws:sts::${account}:assumed-role/triage/s</Arn><UserId>AROA:s</UserId><Account>${account}</Account></GetCallerIdentityResult><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></GetCallerIdentityResponse>`,
    };
  }
  if (action === "DescribeInstances")
    return {
      status: 200,
      body: `<?xml version="1.0" encoding="UTF-8"?><DescribeInstancesResponse xmlns="${EC2}"><requestId>r</requestId><reservationSet/></DescribeInstancesResponse>`,
    };
  return {
    status: 400,
    body: `<Response><Errors><Error><Code>InvalidAction</Code><Message>${action} is not faked</Message></Error></Errors><RequestID>r</RequestID></Response>`,
  };
}

export async function startFakeEndpoint(latencyMs: number): Promise<FakeEndpoint> {
  const counts = new Map<string, number>();
  let inFlight = 0;
  let maxInFlight = 0;
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const params = new URLSearchParams(Buffer.concat(chunks).toString("utf8"));
      const action = params.get("Action") ?? "unknown";
      counts.set(action, (counts.get(action) ?? 0) + 1);
      const { status, body } = answer(action, params, String(req.headers.authorization ?? ""));
      setTimeout(() => {
        inFlight--;
        res.writeHead(status, { "content-type": "text/xml;charset=UTF-8", "content-length": Buffer.byteLength(body) });
        res.end(body);
      }, latencyMs);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address !== null ? address.port : 0;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    counts,
    maxInFlight: () => maxInFlight,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
