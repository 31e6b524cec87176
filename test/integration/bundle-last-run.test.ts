/**
 * Issue 25.3 "after a run", against moto_server: `triage`, then `bundle create FILE` with no
 * --from packs the last triage of the cache root (rebuilt offline from exactly the entries it
 * read); `--bundle FILE` in another folder, with another home and an empty cache, gives the
 * same findings byte for byte. With no triage recorded: one line, exit 2. Redaction holds
 * inside a bundle: a Lambda's environment values are in no file of the tar.
 */
import { describe, expect, it } from "vitest";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { unpackTarGz } from "../../src/bundle/tar.js";
import { startMoto } from "../helpers/moto.js";
import { cleanEnv } from "../helpers/aws-env.js";
import { motoSuite } from "../helpers/suite.js";
import { runCli } from "../helpers/cli.js";
import { runInProcess } from "../helpers/in-process.js";
import { BROKEN_REGION, HEALTHY_REGION, seedTriageScenario } from "../helpers/triage-scenario.js";
import { createFunctions } from "../helpers/seed-services.js";

const moto = await startMoto();
const RUN = ["--region", `${BROKEN_REGION},${HEALTHY_REGION}`];
const SECRETS = ["pa55w0rd-BUNDLE-secret-value", "tok_live_BUNDLE_0123456789"];

describe.skipIf(moto === undefined)("bundle create after a triage", () => {
  const suite = motoSuite(moto, async (endpoint) => {
    await seedTriageScenario(endpoint);
    await createFunctions(endpoint, BROKEN_REGION, [
      {
        name: "billing-secrets",
        runtime: "python3.12",
        timeout: 10,
        environment: { DB_PASSWORD: SECRETS[0] as string, API_TOKEN: SECRETS[1] as string },
      },
    ]);
  });

  it("with no triage recorded in the cache root: one line, exit 2, no file", async () => {
    const target = join(suite.sandbox.dir, "none.tar.gz");
    const result = await runInProcess(["bundle", "create", target], suite.sandbox.env);
    expect(result.code).toBe(2);
    expect(result.stderr.trimEnd().split("\n"), result.stderr).toHaveLength(1);
    expect(result.stderr).toMatch(/^awstriage: no triage run is recorded in .*--from REPORT\.json$/m);
    expect(() => readFileSync(target)).toThrow();
  });

  it("packs the last triage; --bundle elsewhere gives its findings byte for byte", async () => {
    const triage = await runInProcess(["triage", ...RUN, "-o", "json"], suite.sandbox.env);
    expect(triage.code, triage.stderr).toBe(0);
    expect(triage.stdout).toContain("payments-worker");
    const calls = suite.proxy.count();
    const bundle = join(suite.sandbox.dir, "evidence.tgz");
    const made = await runInProcess(["bundle", "create", bundle], suite.sandbox.env);
    expect(made.code, made.stderr).toBe(0);
    expect(made.stderr).toMatch(/^awstriage: bundled \d+ files of triage \(profile moto, eu-west-1,us-east-1\)/m);
    // Rebuilt offline: AWS is not asked again.
    expect(suite.proxy.count()).toBe(calls);

    const files = unpackTarGz(readFileSync(bundle));
    const report = JSON.parse(files.find((f) => f.path === "report.json")?.data.toString() ?? "{}");
    expect(JSON.stringify(report.findings)).toBe(JSON.stringify(JSON.parse(triage.stdout)));
    expect(report.window).toMatchObject({ since: "1h", until: null });
    // A colleague: another folder, home and (empty) cache, no AWS config, no flag but --bundle.
    const elsewhere = join(suite.sandbox.dir, "colleague");
    mkdirSync(elsewhere);
    writeFileSync(join(elsewhere, "evidence.tgz"), readFileSync(bundle));
    const theirs = { ...cleanEnv(), HOME: elsewhere, AWSTRIAGE_CACHE_DIR: join(elsewhere, "cache"), TMPDIR: elsewhere };
    const opened = await runCli(["triage", "--bundle", "evidence.tgz", "-o", "json"], theirs, { cwd: elsewhere });
    expect(opened.code, opened.stderr).toBe(0);
    expect(opened.stdout).toBe(triage.stdout);
    expect(suite.proxy.count()).toBe(calls);
  });

  it("redaction holds inside a bundle: a Lambda's environment values are in no file of the tar", async () => {
    const triage = await runInProcess(
      ["triage", ...RUN, "--out", join(suite.sandbox.dir, "r.json")],
      suite.sandbox.env,
    );
    expect(triage.code, triage.stderr).toBe(0);
    const bundles = [join(suite.sandbox.dir, "after-run.tgz"), join(suite.sandbox.dir, "from-report.tgz")];
    expect((await runInProcess(["bundle", "create", bundles[0] as string], suite.sandbox.env)).code).toBe(0);
    const fromReport = ["bundle", "create", bundles[1] as string, "--from", join(suite.sandbox.dir, "r.json")];
    expect((await runInProcess(fromReport, suite.sandbox.env)).code).toBe(0);
    for (const bundle of bundles) {
      const files = unpackTarGz(readFileSync(bundle));
      // The function's entry is in the bundle, its environment's names kept...
      const functions = files.filter((f) => /^cache\/lambda\/moto\/us-east-1\/functions/.test(f.path));
      expect(functions.map((f) => f.data.toString()).join("")).toMatch(/"DB_PASSWORD":"<redacted>"/);
      // ...and no value of it anywhere, in the entries, the report or the manifest.
      for (const file of files)
        for (const secret of SECRETS) expect(file.data.includes(secret), `${secret} in ${file.path}`).toBe(false);
    }
  });

  it("refuses, naming the entry, when the cache was refetched since the last triage", async () => {
    expect((await runInProcess(["triage", ...RUN], suite.sandbox.env)).code).toBe(0);
    expect((await runInProcess(["lambda", "list", ...RUN, "--force"], suite.sandbox.env)).code).toBe(0);
    const result = await runInProcess(["bundle", "create", join(suite.sandbox.dir, "stale.tgz")], suite.sandbox.env);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      /cache entry lambda\/moto\/[a-z0-9-]+\/functions[^ ]* was refetched at .*run `awstriage triage` again/,
    );
  });
});
