/**
 * The hooks a moto-backed test file repeats: a counting proxy in front of the emulator, a
 * fresh sandbox (profile `moto`, us-east-1, endpoint_url = the proxy) and a reset proxy for
 * every test, and everything stopped at the end.
 */
import { afterAll, beforeAll, beforeEach } from "vitest";
import { join } from "node:path";
import type { Moto } from "./moto.js";
import { startProxy, type Proxy } from "./proxy.js";
import { createSandbox, type AwsSandbox, type ProfileSpec } from "./aws-env.js";

export interface MotoSandbox {
  readonly proxy: Proxy;
  readonly sandbox: AwsSandbox;
  /** Where `ec2 list` caches us-east-1 for profile `moto`. */
  instancesCacheFile(): string;
  /** Swaps this test's sandbox for one with other profiles (given the proxy's endpoint). */
  useProfiles(profiles: (endpoint: string) => ProfileSpec[]): AwsSandbox;
}

/** Call inside a `describe`; `seed` runs once against the emulator itself. */
export function useMotoSandbox(moto: Moto, seed: (endpoint: string) => Promise<void>): MotoSandbox {
  let proxy: Proxy | undefined;
  let sandbox: AwsSandbox | undefined;
  beforeAll(async () => {
    proxy = await startProxy(moto.endpoint);
    await seed(moto.endpoint);
  });
  afterAll(async () => {
    sandbox?.cleanup();
    await proxy?.close();
    await moto.stop();
  });
  beforeEach(() => {
    sandbox?.cleanup();
    sandbox = createSandbox([{ name: "moto", region: "us-east-1", endpoint: (proxy as Proxy).endpoint }]);
    proxy?.reset();
  });
  return {
    get proxy() {
      return proxy as Proxy;
    },
    get sandbox() {
      return sandbox as AwsSandbox;
    },
    instancesCacheFile() {
      return join((sandbox as AwsSandbox).cacheDir, "ec2", "moto", "us-east-1", "instances.json");
    },
    useProfiles(profiles) {
      sandbox?.cleanup();
      sandbox = createSandbox(profiles((proxy as Proxy).endpoint));
      return sandbox;
    },
  };
}
