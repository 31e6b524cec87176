/** Unit-test helpers: a provider whose SDK clients aws-sdk-client-mock can stub, and SDK-shaped errors. */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { AwsClientProvider } from "../../src/aws/provider.js";
import { createLogger } from "../../src/log.js";
import { parseGlobalOptions } from "../../src/options.js";
import { Run } from "../../src/run.js";
import { silentProgress } from "../../src/progress.js";

export function testProvider(): AwsClientProvider {
  return new AwsClientProvider({
    profile: "unit",
    maxAttempts: 1,
    connectTimeoutMs: 1_000,
    requestTimeoutMs: 1_000,
    sso: false,
    homeRegion: "us-east-1",
    endpointUrl: "http://127.0.0.1:9", // never reached: every client's send is stubbed
  });
}

/** An error shaped like the SDK's service exceptions (classified by name and HTTP status). */
export function sdkError(name: string, httpStatusCode: number, message = `${name} (test)`): Error {
  return Object.assign(new Error(message), { name, $fault: httpStatusCode >= 500 ? "server" : "client", $metadata: { httpStatusCode } });
}

export interface UnitRun {
  run: Run;
  /** Log lines written so far (human format). */
  logs(): string;
  cacheDir: string;
  cleanup(): void;
}

/**
 * A real Run over a throwaway AWS config and cache (profile "unit", us-east-1), logging to
 * memory. SDK calls go to whatever aws-sdk-client-mock stubs the test installed.
 */
export async function unitRun(extra: Record<string, unknown> = {}): Promise<UnitRun> {
  const dir = mkdtempSync(join(tmpdir(), "awstriage-unit-"));
  const configFile = join(dir, "config");
  writeFileSync(configFile, "[profile unit]\nregion = us-east-1\naws_access_key_id = testing\naws_secret_access_key = testing\n");
  const env = { AWS_CONFIG_FILE: configFile, AWS_SHARED_CREDENTIALS_FILE: join(dir, "none"), HOME: dir };
  let text = "";
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      text += chunk.toString("utf8");
      done();
    },
  });
  const options = parseGlobalOptions({ profile: "unit", cacheDir: join(dir, "cache"), endpointUrl: "http://127.0.0.1:9", maxAttempts: "1", ...extra }, env, false);
  const run = await Run.create(options, { env, logger: createLogger("info", sink, {}), progress: silentProgress });
  return { run, logs: () => text, cacheDir: join(dir, "cache"), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
