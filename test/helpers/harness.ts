/**
 * The hooks every integration file repeats, in one place: a counting proxy in front of the
 * file's moto_server (started, seeded once), a fresh sandbox and fresh proxy counts per test.
 * Call it inside the file's `describe`, so the hooks belong to that suite.
 */
import { afterAll, beforeAll, beforeEach } from "vitest";
import type { Moto } from "./moto.js";
import { startProxy, type Proxy } from "./proxy.js";
import { createSandbox, type AwsSandbox } from "./aws-env.js";

export interface Harness {
  readonly proxy: Proxy;
  readonly sandbox: AwsSandbox;
  /** Replaces the sandbox with one whose profile sends every call to `endpoint`. */
  useEndpoint(endpoint: string): void;
}

export function motoHarness(moto: Moto, options: { seed?: (endpoint: string) => Promise<void>; region?: string } = {}): Harness {
  let proxy: Proxy | undefined;
  let sandbox: AwsSandbox | undefined;
  const useEndpoint = (endpoint: string): void => {
    sandbox?.cleanup();
    sandbox = createSandbox([{ name: "moto", region: options.region ?? "us-east-1", endpoint }]);
  };
  beforeAll(async () => {
    proxy = await startProxy(moto.endpoint);
    await options.seed?.(moto.endpoint);
  });
  afterAll(async () => {
    sandbox?.cleanup();
    await proxy?.close();
    await moto.stop();
  });
  beforeEach(() => {
    useEndpoint((proxy as Proxy).endpoint);
    proxy?.reset();
  });
  return {
    get proxy() {
      return proxy as Proxy;
    },
    get sandbox() {
      return sandbox as AwsSandbox;
    },
    useEndpoint,
  };
}
