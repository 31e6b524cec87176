import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createServer, type Server } from "node:http";
import { AwsClientProvider, type ProviderSettings } from "../../../src/aws/provider.js";
import { sharedAgents } from "../../../src/aws/shared-agents.js";
import { getCallerIdentity } from "../../../src/aws/sts.js";

const IDENTITY =
  '<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult><Arn>arn:aws:iam::123456789012:user/a</Arn><UserId>AIDA</UserId><Account>123456789012</Account></GetCallerIdentityResult><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></GetCallerIdentityResponse>';

describe("connections shared by every client of the process", () => {
  let server: Server;
  let endpoint = "";
  let connections = 0;
  let requests = 0;
  beforeAll(async () => {
    server = createServer((req, res) => {
      requests++;
      req.resume().on("end", () => {
        res.writeHead(200, { "content-type": "text/xml", "x-amzn-requestid": "r" });
        res.end(IDENTITY);
      });
    });
    server.on("connection", () => connections++);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const address = server.address();
    endpoint = `http://127.0.0.1:${typeof address === "object" && address !== null ? address.port : 0}`;
  });
  afterAll(() => {
    server.closeAllConnections();
    server.close();
  });

  it("lets the sessions of a sweep (other profiles, other credentials) reuse one connection", async () => {
    const session = (n: number): ProviderSettings => ({
      profile: `account-${n}`,
      environmentCredentials: { accessKeyId: `AKIA${n}`, secretAccessKey: "secret" },
      endpointUrl: endpoint,
      maxAttempts: 1,
      connectTimeoutMs: 5_000,
      requestTimeoutMs: 5_000,
      sso: false,
      homeRegion: "us-east-1",
    });
    for (const n of [1, 2, 3]) {
      const identity = await getCallerIdentity(new AwsClientProvider(session(n)), "us-east-1");
      expect(identity.Account).toBe("123456789012");
    }
    expect(requests).toBe(3);
    // One client per session, each its own SDK handler: one keep-alive connection for all three.
    expect(connections).toBe(1);
  });

  it("keeps one agent per CA bundle: the same bundle shares, another gets its own", () => {
    const ca = Buffer.from("bundle");
    expect(sharedAgents(undefined)).toEqual(sharedAgents(undefined));
    expect(sharedAgents(ca).httpsAgent).toBe(sharedAgents(ca).httpsAgent);
    expect(sharedAgents(ca).httpsAgent).not.toBe(sharedAgents(undefined).httpsAgent);
    expect(sharedAgents(ca).httpsAgent.options.ca).toBe(ca);
  });
});
