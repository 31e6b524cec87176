/**
 * AWS_CA_BUNDLE and the profile's ca_bundle are honoured, as the AWS CLI does (issue 17, item
 * 10b): a loopback HTTPS endpoint with its own CA (made with openssl in the test's folder, like
 * a company proxy) in front of moto is trusted with either, and refused without.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { request as httpRequest } from "node:http";
import { createServer as createHttpsServer, type Server } from "node:https";
import { join } from "node:path";
import { startMoto } from "../helpers/moto.js";
import { createSandbox, type AwsSandbox } from "../helpers/aws-env.js";
import { runCli } from "../helpers/cli.js";
import { makeTempDir, removeTempDir } from "../helpers/temp-dir.js";

const moto = await startMoto();

describe.skipIf(moto === undefined)("a CA bundle for HTTPS endpoints", () => {
  let dir: string;
  let server: Server;
  let endpoint: string;
  let sandbox: AwsSandbox | undefined;
  beforeAll(async () => {
    dir = makeTempDir("ca");
    const made = spawnSync(
      "openssl",
      ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1"].concat([
        "-addext",
        "subjectAltName=IP:127.0.0.1",
        "-keyout",
        join(dir, "key.pem"),
        "-out",
        join(dir, "ca.pem"),
      ]),
      { encoding: "utf8" },
    );
    if (made.status !== 0) throw new Error(`openssl failed: ${made.stderr}`);
    const upstream = new URL((moto as NonNullable<typeof moto>).endpoint);
    server = createHttpsServer(
      { key: readFileSync(join(dir, "key.pem")), cert: readFileSync(join(dir, "ca.pem")) },
      (req, res) => {
        const forward = httpRequest(
          { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers },
          (answer) => {
            res.writeHead(answer.statusCode ?? 502, answer.headers);
            answer.pipe(res);
          },
        );
        forward.on("error", () => res.destroy());
        req.pipe(forward);
      },
    );
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const address = server.address();
    endpoint = `https://127.0.0.1:${typeof address === "object" && address !== null ? address.port : 0}`;
  });
  afterAll(async () => {
    sandbox?.cleanup();
    server?.closeAllConnections();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    await moto?.stop();
    removeTempDir(dir);
  });

  const run = (extra: Record<string, string>, env: NodeJS.ProcessEnv = {}) => {
    sandbox?.cleanup();
    sandbox = createSandbox([{ name: "p", region: "us-east-1", endpoint, extra }]);
    return runCli(["whoami", "--max-attempts", "1"], { ...sandbox.env, ...env });
  };

  it("without the bundle, the endpoint's certificate is refused: exit 4", async () => {
    const result = await run({});
    expect(result.code, result.stderr).toBe(4);
  });

  it("with AWS_CA_BUNDLE: exit 0", async () => {
    const result = await run({}, { AWS_CA_BUNDLE: join(dir, "ca.pem") });
    expect(result.code, result.stderr).toBe(0);
  });

  it("with the profile's ca_bundle: exit 0", async () => {
    const result = await run({ ca_bundle: join(dir, "ca.pem") });
    expect(result.code, result.stderr).toBe(0);
  });

  it("with a bundle that cannot be read: exit 3 naming it", async () => {
    const result = await run({ ca_bundle: join(dir, "missing.pem") });
    expect(result.code, result.stderr).toBe(3);
    expect(result.stderr).toContain(`cannot read the CA bundle ${join(dir, "missing.pem")} (ENOENT)`);
  });
});
