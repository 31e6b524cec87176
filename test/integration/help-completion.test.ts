/**
 * Help a person can learn from, and shell completion, on the built CLI: help exits 0, usage
 * errors speak with one voice and suggest the nearest command, and the bash completion script
 * really completes in bash. None of it may load the AWS SDK.
 */
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cleanEnv } from "../helpers/aws-env.js";
import { runCli } from "../helpers/cli.js";
import { isSdkModule, runRecordingLoads, sdkOutputs } from "../helpers/loads.js";
import { makeTempDir, removeTempDir } from "../helpers/temp-dir.js";

let dir = "";
let env: NodeJS.ProcessEnv = {};

beforeAll(() => {
  dir = makeTempDir("help");
  writeFileSync(join(dir, "config"), "[default]\nregion = us-east-1\n\n[profile prod-eu]\n\n[sso-session corp]\n");
  writeFileSync(join(dir, "credentials"), "[ci]\naws_access_key_id = x\n");
  env = {
    ...cleanEnv(),
    HOME: dir,
    AWS_CONFIG_FILE: join(dir, "config"),
    AWS_SHARED_CREDENTIALS_FILE: join(dir, "credentials"),
    AWSTRIAGE_CACHE_DIR: join(dir, "cache"),
  };
});
afterAll(() => removeTempDir(dir));

describe("help", () => {
  it("`awstriage help` and `awstriage help ec2` print help on stdout and exit 0", async () => {
    const top = await runCli(["help"], env);
    expect(top.code, top.stderr).toBe(0);
    expect(top.stdout).toMatch(/^Usage: awstriage /);
    const ec2 = await runCli(["help", "ec2"], env);
    expect(ec2.code, ec2.stderr).toBe(0);
    expect(ec2.stdout).toMatch(/^Usage: awstriage ec2 /);
    const leaf = await runCli(["ec2", "help", "list"], env);
    expect(leaf.code, leaf.stderr).toBe(0);
    expect(leaf.stdout).toMatch(/^Usage: awstriage ec2 list /);
  });

  it("`ec2 list --help` names the record fields and ends with examples", async () => {
    const result = await runCli(["ec2", "list", "--help"], env);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/Record fields \(InstanceRecord.*\n.*instanceId, name, state/);
    expect(result.stdout.trimEnd()).toMatch(
      /\nExamples:\n {2}awstriage ec2 list .*\n {2}awstriage ec2 list .*\n {2}awstriage ec2 list .*$/,
    );
  });
});

describe("usage errors", () => {
  it("suggest the nearest subcommand for a typo (exit 2)", async () => {
    const result = await runCli(["ec2", "lsit"], env);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toBe(
      'awstriage: unknown command "lsit" for ec2 (one of: list, status)\n  → did you mean "list"?\n',
    );
  });

  it("all start with `awstriage:`, commander's own included", async () => {
    for (const args of [["ec2", "list", "--stat", "x"], ["diff"], ["ec2", "list", "extra"], ["--bogus"], ["ecc"]]) {
      const result = await runCli(args, env);
      expect(result.code, args.join(" ")).toBe(2);
      expect(result.stderr, args.join(" ")).toMatch(/^awstriage: /);
      expect(result.stderr, args.join(" ")).not.toMatch(/^error:/m);
      expect(result.stderr.trimEnd().split("\n").length).toBeLessThanOrEqual(2);
    }
    const hinted = await runCli(["ec2", "list", "--stat", "x"], env);
    expect(hinted.stderr).toBe("awstriage: unknown option '--stat'\n  → did you mean --state?\n");
  });
});

/** Runs `script` in a non-interactive bash that has sourced the completion script. */
function bashWith(completion: string, script: string): { code: number | null; stdout: string; stderr: string } {
  const file = join(dir, "awstriage.bash");
  writeFileSync(file, completion);
  const r = spawnSync("bash", ["--norc", "--noprofile", "-c", `source ${JSON.stringify(file)} || exit 9\n${script}`], {
    env,
    encoding: "utf8",
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** COMPREPLY for a command line whose last word is being completed. */
const complete = (...words: string[]) =>
  `COMP_WORDS=(${words.map((w) => JSON.stringify(w)).join(" ")}); COMP_CWORD=${words.length - 1}; _awstriage; printf '%s\\n' "\${COMPREPLY[@]}"`;

describe.skipIf(spawnSync("bash", ["--version"]).status !== 0)("bash completion", () => {
  let script = "";
  beforeAll(async () => {
    const result = await runCli(["completion", "bash"], env);
    expect(result.code, result.stderr).toBe(0);
    script = result.stdout;
  });

  it("sources cleanly and registers itself for awstriage", () => {
    const result = bashWith(script, "complete -p awstriage");
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toBe("");
    expect(result.stdout).toMatch(/complete .*-F _awstriage awstriage/);
  });

  it("completes `awstriage ec` to ec2, and subcommands and flags after it", () => {
    expect(bashWith(script, complete("awstriage", "ec")).stdout).toBe("ec2\n");
    expect(bashWith(script, complete("awstriage", "--region", "all", "ec2", "st")).stdout).toBe("status\n");
    expect(bashWith(script, complete("awstriage", "ec2", "list", "--sta")).stdout).toBe("--state\n");
    expect(bashWith(script, complete("awstriage", "-o", "nd")).stdout).toBe("ndjson\n");
  });

  it("completes --profile from the AWS config and credentials files", () => {
    const result = bashWith(script, complete("awstriage", "ec2", "list", "--profile", ""));
    expect(result.stdout.split("\n").filter(Boolean).sort()).toEqual(["ci", "default", "prod-eu"]);
  });
});

describe("zsh and fish completion (syntax level: neither shell is installed here)", () => {
  it("zsh: a #compdef function that bash can at least parse, registering _awstriage", async () => {
    const result = await runCli(["completion", "zsh"], env);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^#compdef awstriage\n/);
    expect(result.stdout).toMatch(/compdef _awstriage awstriage/);
    expect(result.stdout).toContain("'ec2|list'");
    // Its control flow is the sh syntax zsh and bash share; zsh-only expansions sit inside
    // words, so bash -n at least proves every block is closed and every quote balanced.
    const parsed = spawnSync("bash", ["-n"], { input: result.stdout, encoding: "utf8" });
    expect(parsed.status, parsed.stderr).toBe(0);
  });

  it("fish: only `complete`, `function` blocks and comments, with balanced blocks", async () => {
    const result = await runCli(["completion", "fish"], env);
    expect(result.code, result.stderr).toBe(0);
    const lines = result.stdout.split("\n").filter((l) => l.trim() !== "");
    const top = lines.filter((l) => !l.startsWith(" "));
    expect(top.filter((l) => !/^(#|complete -c awstriage |function __awstriage_\w+$|end\b)/.test(l))).toEqual([]);
    const opened = lines.filter((l) => /^\s*(function|for|if|switch)\b/.test(l)).length;
    const closed = lines.filter((l) => /^\s*end\b/.test(l)).length;
    expect(closed).toBe(opened);
    expect(result.stdout).toContain("-a 'ec2'");
    expect(result.stdout).toContain("complete -c awstriage -l profile -x -a '(__awstriage_profiles)'");
  });

  it("refuses an unknown shell (exit 2)", async () => {
    const result = await runCli(["completion", "tcsh"], env);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^awstriage: completion: unknown shell "tcsh"/);
  });
});

describe("off the AWS SDK path", () => {
  it("help, usage errors and completion load no AWS SDK module", async () => {
    const sdk = sdkOutputs();
    for (const args of [
      ["help", "ec2"],
      ["logs", "search", "--help"],
      ["ec2", "lsit"],
      ["completion", "bash"],
    ]) {
      const { result, loaded } = await runRecordingLoads(args, env);
      expect(result.code === 0 || result.code === 2, args.join(" ")).toBe(true);
      expect(loaded.some((url) => url.endsWith("/dist/cli.js"))).toBe(true);
      expect(
        loaded.filter((url) => isSdkModule(url, sdk)),
        args.join(" "),
      ).toEqual([]);
    }
  });
});
