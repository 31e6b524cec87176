/**
 * "Never load an AWS SDK module on a path that does not call AWS": checked on the built CLI by
 * recording every module a run loads (test/helpers/load-recorder.mjs) and on the bundle's
 * chunk graph (dist/meta.json). Each check has a positive control, so a recorder or a
 * metafile that saw nothing could not pass it by accident.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startMoto } from "../helpers/moto.js";
import { startProxy, type FaultProxy } from "../helpers/proxy.js";
import { cleanEnv, createSandbox, type AwsSandbox } from "../helpers/aws-env.js";
import { jsonOut } from "../helpers/cli.js";
import { isSdkModule, readMetafile, runRecordingLoads, sdkOutputs, staticClosure } from "../helpers/loads.js";
import { runInstances } from "../helpers/seed.js";

/** pino as the built CLI loads it (its own bundled copy, scripts/build.mjs), or any other copy. */
const PINO = /\/dist\/pino\.cjs$|node_modules\/pino\//;

describe("the bundle", () => {
  it("keeps every AWS SDK chunk out of what loading dist/cli.js loads", () => {
    const meta = readMetafile();
    const closure = staticClosure("dist/cli.js", meta);
    expect(closure).toContain("dist/cli.js");
    const sdkInputs = closure
      .flatMap((file) => Object.keys(meta.outputs[file]?.inputs ?? {}))
      .filter((input) => /node_modules\/@(aws-sdk|smithy)\//.test(input));
    expect(sdkInputs).toEqual([]);
    // The SDK is in the bundle, only elsewhere.
    expect(sdkOutputs(meta).size).toBeGreaterThan(0);
  });

  it("--help loads no AWS SDK module and no pino", async () => {
    const sdk = sdkOutputs();
    const { result, loaded } = await runRecordingLoads(["--help"], cleanEnv());
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/Usage: awstriage/);
    expect(loaded.some((url) => url.endsWith("/dist/cli.js"))).toBe(true);
    expect(loaded.filter((url) => isSdkModule(url, sdk))).toEqual([]);
    expect(loaded.filter((url) => PINO.test(url))).toEqual([]);
  });
});

const moto = await startMoto();

describe.skipIf(moto === undefined)("module loading against moto_server", () => {
  let proxy: FaultProxy;
  let sandbox: AwsSandbox;
  let sdk: Set<string>;

  beforeAll(async () => {
    proxy = await startProxy(moto!.endpoint);
    await runInstances(moto!.endpoint, "us-east-1", 2);
    sandbox = createSandbox([{ name: "moto", region: "us-east-1", endpoint: proxy.endpoint }]);
    sdk = sdkOutputs();
  });
  afterAll(async () => {
    sandbox?.cleanup();
    await proxy?.close();
    await moto?.stop();
  });

  it("a cold run loads the SDK; a cache hit and --offline load none of it, nor pino", async () => {
    const cold = await runRecordingLoads(["ec2", "list"], sandbox.env);
    expect(cold.result.code, cold.result.stderr).toBe(0);
    expect(cold.loaded.filter((url) => isSdkModule(url, sdk)).length).toBeGreaterThan(0);
    // The launcher silences the SDK's Node-version notice (cleanEnv dropped the runner's setting).
    expect(cold.result.stderr).not.toMatch(/NodeVersionSupportWarning|AWS SDK for JavaScript/);

    const hit = await runRecordingLoads(["ec2", "list"], sandbox.env);
    expect(hit.result.code, hit.result.stderr).toBe(0);
    expect(jsonOut(hit.result)).toHaveLength(2);
    expect(hit.result.stderr).toMatch(/ec2\/instances: cache \d+s old/);
    expect(hit.loaded.filter((url) => isSdkModule(url, sdk))).toEqual([]);
    expect(hit.loaded.filter((url) => PINO.test(url))).toEqual([]);

    const offline = await runRecordingLoads(["ec2", "list", "--offline"], sandbox.env);
    expect(offline.result.code, offline.result.stderr).toBe(0);
    expect(offline.loaded.filter((url) => isSdkModule(url, sdk))).toEqual([]);
  });

  it("loads pino only when a line is really logged", async () => {
    const debug = await runRecordingLoads(["ec2", "list", "--log-level", "debug"], sandbox.env);
    expect(debug.result.code, debug.result.stderr).toBe(0);
    expect(debug.result.stderr).toMatch(/awstriage debug: cache hit/);
    expect(debug.loaded.some((url) => PINO.test(url))).toBe(true);
    // The bundled copy: an installed package has no node_modules to find pino in.
    expect(debug.loaded.some((url) => url.endsWith("/dist/pino.cjs"))).toBe(true);
    expect(debug.loaded.filter((url) => /node_modules\/pino\//.test(url))).toEqual([]);
    expect(debug.loaded.filter((url) => isSdkModule(url, sdk))).toEqual([]);
  });

  it("sends STS GetCallerIdentity and the first DescribeInstances concurrently on a cold run", async () => {
    proxy.reset();
    // Answers are held until both requests are in flight together; one after the other,
    // the first would be released only by the timeout and the second would come alone.
    proxy.holdUntilConcurrent(2, 10_000);
    const cold = await runRecordingLoads(
      ["ec2", "list", "--force", "--cache-dir", `${sandbox.dir}/other-cache`],
      sandbox.env,
    );
    expect(cold.result.code, cold.result.stderr).toBe(0);
    expect(proxy.count("GetCallerIdentity")).toBe(1);
    expect(proxy.count("DescribeInstances")).toBe(1);
    expect(proxy.maxInFlight()).toBeGreaterThanOrEqual(2);
  });
});
