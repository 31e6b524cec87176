/**
 * Credential sources whose failures used to hide their cause or never end (issue 17, items 7,
 * 8 and 10): a failing, garbage or hanging credential_process, a source_profile loop, and
 * profile names the AWS SDK cannot parse (`本番`, `prød-ü`).
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { chmodSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { startMoto, type Moto } from "../helpers/moto.js";
import { startProxy, type FaultProxy } from "../helpers/proxy.js";
import { createSandbox, type AwsSandbox } from "../helpers/aws-env.js";
import { jsonOut, runCli, STACK_FRAME_RE } from "../helpers/cli.js";
import { closedPort } from "../helpers/unresponsive.js";

/** Generous: the hanging case takes about a second; this only proves it ends on its own. */
const ENDS_WITHIN_MS = 45_000;

let sandbox: AwsSandbox;
afterEach(() => sandbox?.cleanup());

/** A sandbox whose config file is exactly `config`, with `script` as an executable next to it. */
function withConfig(profile: string, config: (dir: string) => string, script?: string): NodeJS.ProcessEnv {
  sandbox = createSandbox([{ name: "unused" }], profile);
  if (script !== undefined) {
    const path = join(sandbox.dir, "creds.sh");
    writeFileSync(path, `#!/bin/sh\n${script}\n`);
    chmodSync(path, 0o755);
  }
  writeFileSync(sandbox.configFile, config(sandbox.dir));
  return sandbox.env;
}

describe("credential_process", () => {
  const processProfile = (endpoint: string) => (dir: string) =>
    `[profile p]\nregion = us-east-1\nendpoint_url = ${endpoint}\ncredential_process = ${join(dir, "creds.sh")} --flag\n`;

  it("a failing process: exit 3 with the process's own error, not 'Could not load credentials'", async () => {
    const env = withConfig("p", processProfile(await closedPort()), 'echo "token expired: run corp-login" >&2; exit 7');
    const result = await runCli(["whoami", "--max-attempts", "1"], env);
    expect(result.code, result.stderr).toBe(3);
    expect(result.stderr).toContain('credential_process of profile "p" (');
    expect(result.stderr).toContain("creds.sh) failed: it exited with code 7: token expired: run corp-login");
    expect(result.stderr).not.toContain("Could not load credentials from any providers");
    expect(result.stderr).not.toMatch(STACK_FRAME_RE);
  });

  it("a process that prints garbage: exit 3 saying it is not JSON", async () => {
    const env = withConfig("p", processProfile(await closedPort()), "echo hello");
    const result = await runCli(["whoami", "--max-attempts", "1"], env);
    expect(result.code, result.stderr).toBe(3);
    expect(result.stderr).toContain("failed: it printed something that is not JSON");
  });

  it("a process that hangs is stopped after AWSTRIAGE_CREDENTIALS_TIMEOUT_MS, naming it: exit 3", async () => {
    const env = withConfig("p", processProfile(await closedPort()), "sleep 600");
    const result = await runCli(
      ["whoami", "--max-attempts", "1"],
      { ...env, AWSTRIAGE_CREDENTIALS_TIMEOUT_MS: "1000" },
      { timeoutMs: ENDS_WITHIN_MS + 10_000 },
    );
    expect(result.signal).toBeNull();
    expect(result.code, result.stderr).toBe(3);
    expect(result.elapsedMs).toBeLessThan(ENDS_WITHIN_MS);
    expect(result.stderr).toMatch(/credential_process of profile "p" \(.*creds\.sh\) did not finish within 1 s/);
  });
});

describe("a source_profile loop", () => {
  it("exit 3: Infinite loop detected, with the chain", async () => {
    const endpoint = await closedPort();
    const env = withConfig(
      "a",
      () =>
        `[profile a]\nregion = us-east-1\nendpoint_url = ${endpoint}\nrole_arn = arn:aws:iam::123456789012:role/a\nsource_profile = b\n\n` +
        `[profile b]\nrole_arn = arn:aws:iam::123456789012:role/b\nsource_profile = a\n`,
    );
    const result = await runCli(["whoami", "--max-attempts", "1"], env);
    expect(result.code, result.stderr).toBe(3);
    expect(result.stderr).toContain('Infinite loop detected in the source_profile chain of profile "a": a → b → a');
  });
});

describe("profile names the AWS SDK cannot parse", () => {
  let moto: Moto | undefined;
  let proxy: FaultProxy | undefined;
  beforeAll(async () => {
    moto = await startMoto();
    if (moto !== undefined) proxy = await startProxy(moto.endpoint);
  });
  afterAll(async () => {
    await proxy?.close();
    await moto?.stop();
  });

  it("本番 with static keys and endpoint_url works, and every call goes to its endpoint", async (context) => {
    if (proxy === undefined) return context.skip();
    const endpoint = proxy.endpoint;
    const env = withConfig(
      "本番",
      () =>
        `[profile 本番]\nregion = us-east-1\nendpoint_url = ${endpoint}\naws_access_key_id = testing\naws_secret_access_key = testing\n`,
    );
    const result = await runCli(["whoami", "--max-attempts", "1"], env);
    expect(result.code, result.stderr).toBe(0);
    expect(jsonOut(result)[0]).toMatchObject({ account: "123456789012", profile: "本番" });
    expect(proxy.count("GetCallerIdentity")).toBe(1);
  });

  it("prød-ü with a role: exit 3 naming the profile instead of using settings it did not configure", async () => {
    const endpoint = await closedPort();
    const env = withConfig(
      "prød-ü",
      () =>
        `[profile prød-ü]\nregion = us-east-1\nendpoint_url = ${endpoint}\nrole_arn = arn:aws:iam::123456789012:role/x\nsource_profile = base\n\n[profile base]\naws_access_key_id = testing\naws_secret_access_key = testing\n`,
    );
    const result = await runCli(["whoami", "--max-attempts", "1"], env);
    expect(result.code, result.stderr).toBe(3);
    expect(result.stderr).toContain('profile "prød-ü" uses role_arn, which the AWS SDK cannot read under this name');
  });
});
