/**
 * `npm run demo` over the shipped cache: no AWS, no credentials, no AWS SDK. Guards the
 * fixture against drift (a cache or normalizer change that the demo would no longer read).
 */
import { describe, expect, it } from "vitest";
import { fileURLToPath, pathToFileURL } from "node:url";
import { cleanEnv } from "../helpers/aws-env.js";
import { jsonOut, runCli } from "../helpers/cli.js";
import { SCENARIO_FINDINGS } from "../helpers/triage-scenario.js";
import type { Finding } from "../../src/records/index.js";
import { makeTempDir, removeTempDir } from "../helpers/temp-dir.js";
import { demoCacheCopy, demoTriage } from "../helpers/demo-cache.js";
import { displayWidth } from "../../src/output/terminal-text.js";

const demoCache = demoCacheCopy();
const NO_SDK = `--import=${pathToFileURL(fileURLToPath(new URL("../helpers/no-aws-sdk.mjs", import.meta.url))).href}`;
const FORCE_TTY = pathToFileURL(fileURLToPath(new URL("../helpers/force-tty.mjs", import.meta.url))).href;
const demo = () => demoTriage(demoCache, "us-east-1,eu-west-1");

describe("the demo", () => {
  it("triages the shipped cache offline with no AWS configuration and no AWS SDK", async () => {
    const home = makeTempDir("demo");
    try {
      const env = { ...cleanEnv(), HOME: home, NODE_OPTIONS: NO_SDK };
      const args = demo();
      const result = await runCli([...args, "-o", "json"], env);
      expect(result.code, result.stderr).toBe(0);
      const findings = jsonOut<Finding>(result).map((f) => `${f.severity} ${f.ruleId} ${f.resourceId} ${f.region}`);
      expect(findings).toEqual(expect.arrayContaining(SCENARIO_FINDINGS));
      // The two EC2 problems the generator edits in (moto cannot produce them).
      expect(findings.filter((f) => f.includes(" ec2.")).map((f) => f.split(" ").slice(0, 2).join(" "))).toEqual([
        "high ec2.status-impaired",
        "medium ec2.scheduled-event",
      ]);
      expect(result.stderr).not.toMatch(/warn|error/i);
      const table = await runCli([...args, "-o", "table"], env);
      // The incidents, worst first, then the hygiene findings.
      expect(table.stdout).toMatch(/^HIGH #1 payments-worker errors 10%\n/);
      expect(table.stdout).toMatch(/\nHYGIENE \(\d+\)\n/);
    } finally {
      removeTempDir(home);
    }
  });

  // Issue 25: the incident view on a terminal, as `npm run demo` shows it.
  it.each([80, 120, 200])("reads at %i columns: every line fits, the onsets whole", async (columns) => {
    const home = makeTempDir("demo-tty");
    try {
      const env = { ...cleanEnv(), HOME: home, AWSTRIAGE_TEST_COLUMNS: String(columns), LANG: "en_US.UTF-8" };
      const result = await runCli(demo(), env, { nodeArgs: ["--import", FORCE_TTY] });
      expect(result.code, result.stderr).toBe(0);
      const lines = result.stdout.replace(/\x1b\[[0-9;]*m/g, "").split("\n");
      for (const line of lines) expect(displayWidth(line), line).toBeLessThanOrEqual(columns);
      const onsets = lines.filter((l) => /[▁▂▃▄▅▆▇█]/.test(l));
      expect(onsets.length).toBeGreaterThan(0);
      const whole = / (?:(?:rising|steady|recovering) since \d\S*[smhd]|ended, began \d\S*[smhd] ago) {2}/;
      for (const line of onsets) expect(line).toMatch(whole);
      const row = lines.findIndex((l) => /^ {2}suspected-cause +lambda\.errors +payments-worker /.test(l));
      if (columns === 200) {
        // Room for the identifiers and half of the line: one line per row.
        expect(lines[row]).toMatch(
          /payments-worker +us-east-1 +[▁▂▃▄▅▆▇█]+ recovering since \S+ +Function payments-worker: /,
        );
      } else {
        // Not enough: every row stacks, its onset and title under it, four columns in.
        expect(lines[row]).toMatch(/payments-worker +us-east-1$/);
        expect(lines[row + 1]).toMatch(/^ {4}[▁▂▃▄▅▆▇█]+ recovering since \S+ +Function payments-worker: \d+ errors/);
      }
    } finally {
      removeTempDir(home);
    }
  });
});
