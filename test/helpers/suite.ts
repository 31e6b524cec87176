/**
 * The frame every service integration suite shares: a counting proxy in front of moto, the
 * emulator seeded once, a fresh sandbox (AWS config + empty cache) and call log per test.
 */
import { afterAll, beforeAll, beforeEach } from "vitest";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import type { Moto } from "./moto.js";
import { startProxy, type FaultProxy } from "./proxy.js";
import { createSandbox, type AwsSandbox, type ProfileSpec } from "./aws-env.js";

export interface Suite {
  readonly proxy: FaultProxy;
  readonly sandbox: AwsSandbox;
  /** Swaps this test's sandbox for one with other profiles (given the proxy's endpoint). */
  useProfiles(profiles: (endpoint: string) => ProfileSpec[]): AwsSandbox;
}

/** Registers the hooks; call it inside the suite's describe. */
export function motoSuite(moto: Moto | undefined, seed: (endpoint: string) => Promise<void>): Suite {
  const state = {
    useProfiles(profiles: (endpoint: string) => ProfileSpec[]): AwsSandbox {
      state.sandbox?.cleanup();
      state.sandbox = createSandbox(profiles(state.proxy.endpoint));
      return state.sandbox;
    },
  } as {
    proxy: FaultProxy;
    sandbox: AwsSandbox;
    useProfiles(profiles: (endpoint: string) => ProfileSpec[]): AwsSandbox;
  };
  beforeAll(async () => {
    state.proxy = await startProxy((moto as Moto).endpoint);
    await seed((moto as Moto).endpoint);
  });
  afterAll(async () => {
    state.sandbox?.cleanup();
    await state.proxy?.close();
    await moto?.stop();
  });
  beforeEach(() => {
    state.sandbox?.cleanup();
    state.sandbox = createSandbox([{ name: "moto", region: "us-east-1", endpoint: state.proxy.endpoint }]);
    state.proxy.reset();
  });
  return state;
}

/** The parsed cache envelope of `<script>/moto/us-east-1/<resource>-<hash>.json`. */
export function cachedEnvelope(
  sandbox: AwsSandbox,
  script: string,
  resource: string,
): Record<string, unknown> & { params: unknown; window: { start: string; end: string }; items: unknown[] } {
  const dir = join(sandbox.cacheDir, script, "moto", "us-east-1");
  const file = readdirSync(dir).find((f) => f.startsWith(`${resource}-`));
  if (file === undefined) throw new Error(`no ${script}/${resource} entry in ${dir}`);
  return JSON.parse(readFileSync(join(dir, file), "utf8"));
}

/** Where `ec2 list` caches us-east-1 for the suite's profile `moto`. */
export function instancesCacheFile(sandbox: AwsSandbox): string {
  return join(sandbox.cacheDir, "ec2", "moto", "us-east-1", "instances.json");
}

/** Every file below `dir`, for grepping the whole cache. */
export function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}
