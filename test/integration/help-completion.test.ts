/**
 * Help a person can learn from, and shell completion, on the built CLI: help exits 0, usage
 * errors speak with one voice and suggest the nearest command, and the bash completion script
 * really completes in bash. None of it may load the AWS SDK.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
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

  it("`help <typo>` and every subcommand typo suggest the nearest name (exit 2)", async () => {
    const help = await runCli(["help", "trage"], env);
    expect(help.code).toBe(2);
    expect(help.stdout).toBe("");
    expect(help.stderr).toMatch(/^awstriage: help: unknown command "trage" .*\n {2}→ did you mean "triage"\?\n$/);
    const nested = await runCli(["help", "ec2", "lsit"], env);
    expect(nested.code).toBe(2);
    expect(nested.stderr).toMatch(/did you mean "list"\?/);
    const clr = await runCli(["cache", "clr"], env);
    expect(clr.code).toBe(2);
    expect(clr.stderr).toMatch(/unknown command "clr" for cache .*\n {2}→ did you mean "clear"\?\n$/);
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

/** Runs `script` in a non-interactive `shell` that has sourced the completion script. */
function shellWith(
  shell: "bash" | "zsh" | "fish",
  completion: string,
  script: string,
  runEnv: NodeJS.ProcessEnv = env,
): { code: number | null; stdout: string; stderr: string } {
  const file = join(dir, `awstriage.${shell}`);
  writeFileSync(file, completion);
  const args = { bash: ["--norc", "--noprofile", "-c"], zsh: ["-f", "-c"], fish: ["--no-config", "-c"] }[shell];
  const r = spawnSync(shell, [...args, `${shell === "zsh" ? STUB_ZSH : ""}source ${JSON.stringify(file)}\n${script}`], {
    env: runEnv,
    encoding: "utf8",
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
const bashWith = (completion: string, script: string, runEnv: NodeJS.ProcessEnv = env) =>
  shellWith("bash", completion, script, runEnv);

/** zsh's completion builtins exist only inside its completion system: stand-ins that print what they are given. */
const STUB_ZSH = `compdef() { :; }
compadd() { [ "$1" = -- ] && shift; printf '%s\\n' "$@"; }
compset() { :; }
_files() { echo '<files>'; }
`;

/** COMPREPLY for a command line whose last word is being completed. */
const complete = (...words: string[]) =>
  `COMP_WORDS=(${words.map((w) => JSON.stringify(w)).join(" ")}); COMP_CWORD=${words.length - 1}; _awstriage; printf '%s\\n' "\${COMPREPLY[@]}"`;
/** The same in zsh, through the compadd stand-in. */
const completeZsh = (...words: string[]) =>
  `words=(${words.map((w) => `'${w}'`).join(" ")}); CURRENT=${words.length}; _awstriage`;
const lines = (text: string): string[] => text.split("\n").filter(Boolean).sort();
const hasShell = (shell: string): boolean => spawnSync(shell, ["--version"]).status === 0;

/** A cached `logs groups` answer, as the cache holds it, for completing log group names. */
function writeCachedGroups(cacheDir: string, names: readonly string[]): void {
  const folder = join(cacheDir, "logs", "default", "us-east-1");
  mkdirSync(folder, { recursive: true });
  writeFileSync(
    join(folder, "groups.json"),
    JSON.stringify({
      schemaVersion: 1,
      script: "logs",
      resource: "groups",
      items: names.map((logGroupName) => ({ logGroupName })),
    }),
  );
}

describe.skipIf(!hasShell("bash"))("bash completion", () => {
  let script = "";
  beforeAll(async () => {
    writeCachedGroups(join(dir, "cache"), ["/aws/lambda/orders", "/aws/lambda/billing"]);
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

  it("offers commands before flags, and flags only after `-`", () => {
    const top = lines(bashWith(script, complete("awstriage", "")).stdout);
    expect(top).toContain("triage");
    expect(top.filter((w) => w.startsWith("-"))).toEqual([]);
    const flags = lines(bashWith(script, complete("awstriage", "-")).stdout);
    expect(flags).toContain("--region");
    expect(flags.filter((w) => !w.startsWith("-"))).toEqual([]);
  });

  it("completes flag values: --region from the partition data, --by, --sources, --fail-on", () => {
    expect(lines(bashWith(script, complete("awstriage", "--region", "eu-west-")).stdout)).toEqual(
      expect.arrayContaining(["eu-west-1", "eu-west-2"]),
    );
    // A list: the word after the last comma (the comma comes back escaped, as bash reads it).
    expect(bashWith(script, complete("awstriage", "--region", "us-east-1,us-west-2,ap-northeast-1")).stdout).toBe(
      "us-east-1\\,us-west-2\\,ap-northeast-1\n",
    );
    expect(lines(bashWith(script, complete("awstriage", "triage", "--by", "")).stdout)).toEqual([
      "account",
      "resource",
    ]);
    expect(bashWith(script, complete("awstriage", "triage", "--sources", "lam")).stdout).toBe("lambda\n");
    expect(bashWith(script, complete("awstriage", "triage", "--fail-on", "h")).stdout).toBe("high\n");
    // Not a file name, not a flag: a value flag with no list completes nothing.
    expect(bashWith(script, complete("awstriage", "--ttl", "")).stdout).toBe("\n");
  });

  it("completes `logs tail|search|insights` with the cached log group names, not a `-`", () => {
    for (const sub of ["tail", "search", "insights"])
      expect(lines(bashWith(script, complete("awstriage", "logs", sub, "")).stdout), sub).toEqual([
        "/aws/lambda/billing",
        "/aws/lambda/orders",
      ]);
    expect(bashWith(script, complete("awstriage", "logs", "tail", "/aws/lambda/o")).stdout).toBe(
      "/aws/lambda/orders\n",
    );
  });

  it("completes --profile from the AWS config and credentials files", () => {
    const result = bashWith(script, complete("awstriage", "ec2", "list", "--profile", ""));
    expect(result.stdout.split("\n").filter(Boolean).sort()).toEqual(["ci", "default", "prod-eu"]);
  });
});

/**
 * Issue 26.5: names from the AWS config and the cache are data. A profile named `$(touch …)`
 * (or with backticks) is offered quoted, and nothing it spells runs, in every shell.
 */
describe("completion treats names as data", () => {
  let hostileEnv: NodeJS.ProcessEnv = {};
  const marker = (n: number) => join(dir, `ran-${n}`);
  const names = () => [`$(touch\${IFS}${marker(1)})`, `\`touch ${marker(2)}\``];
  beforeAll(() => {
    const hostile = join(dir, "hostile");
    mkdirSync(hostile, { recursive: true });
    writeFileSync(join(hostile, "config"), `[profile ${names()[0]}]\n[profile ${names()[1]}]\n[profile ok]\n`);
    writeCachedGroups(join(hostile, "cache"), [`$(touch ${marker(3)})`, `/ok`]);
    hostileEnv = {
      ...env,
      AWS_CONFIG_FILE: join(hostile, "config"),
      AWS_SHARED_CREDENTIALS_FILE: join(hostile, "none"),
      AWSTRIAGE_CACHE_DIR: join(hostile, "cache"),
    };
  });
  const nothingRan = () => {
    for (const n of [1, 2, 3]) expect(existsSync(marker(n)), marker(n)).toBe(false);
  };

  it.skipIf(!hasShell("bash"))("bash: offered with printf %q quoting, which reads back as the name", async () => {
    const script = (await runCli(["completion", "bash"], hostileEnv)).stdout;
    // Each candidate is what bash inserts; reading it back (as the shell will) gives the exact name.
    const readBack = `for c in "\${COMPREPLY[@]}"; do eval "n=$c"; printf '%s\\n' "$n"; done`;
    const profiles = bashWith(script, `${complete("awstriage", "--profile", "")} >/dev/null; ${readBack}`, hostileEnv);
    expect(profiles.stderr).toBe("");
    expect(lines(profiles.stdout)).toEqual([...names(), "ok"].sort());
    const groups = bashWith(script, `${complete("awstriage", "logs", "tail", "")} >/dev/null; ${readBack}`, hostileEnv);
    expect(lines(groups.stdout)).toEqual([`$(touch ${marker(3)})`, "/ok"].sort());
    nothingRan();
  });

  it.skipIf(!hasShell("zsh") && process.env.CI !== "true")("zsh: the names reach compadd as words", async () => {
    const script = (await runCli(["completion", "zsh"], hostileEnv)).stdout;
    const profiles = shellWith("zsh", script, completeZsh("awstriage", "--profile", ""), hostileEnv);
    expect(profiles.stderr).toBe("");
    expect(lines(profiles.stdout)).toEqual([...names(), "ok"].sort());
    const groups = shellWith("zsh", script, completeZsh("awstriage", "logs", "search", ""), hostileEnv);
    expect(lines(groups.stdout)).toEqual([`$(touch ${marker(3)})`, "/ok"].sort());
    nothingRan();
  });

  it.skipIf(!hasShell("fish") && process.env.CI !== "true")(
    "fish: the names come back as literal candidates",
    async () => {
      const script = (await runCli(["completion", "fish"], hostileEnv)).stdout;
      const profiles = shellWith("fish", script, "complete -C 'awstriage --profile '", hostileEnv);
      expect(profiles.stderr).toBe("");
      expect(lines(profiles.stdout)).toEqual([...names(), "ok"].sort());
      const groups = shellWith("fish", script, "complete -C 'awstriage logs tail '", hostileEnv);
      expect(lines(groups.stdout)).toEqual([`$(touch ${marker(3)})`, "/ok"].sort());
      nothingRan();
    },
  );
});

describe("zsh and fish completion", () => {
  it("zsh: a #compdef function registering _awstriage, parsed by zsh itself", async () => {
    const result = await runCli(["completion", "zsh"], env);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^#compdef awstriage\n/);
    expect(result.stdout).toMatch(/compdef _awstriage awstriage/);
    expect(result.stdout).toContain("'ec2|list'");
    // bash -n proves every block closed and every quote balanced; zsh -n (where zsh is
    // installed: CI installs it) parses it as zsh.
    const parsed = spawnSync("bash", ["-n"], { input: result.stdout, encoding: "utf8" });
    expect(parsed.status, parsed.stderr).toBe(0);
    if (hasShell("zsh") || process.env.CI === "true") {
      const zsh = spawnSync("zsh", ["-n"], { input: result.stdout, encoding: "utf8" });
      expect(zsh.status, zsh.stderr).toBe(0);
      const top = shellWith("zsh", result.stdout, completeZsh("awstriage", ""));
      expect(lines(top.stdout)).toContain("triage");
      expect(lines(top.stdout).filter((w) => w.startsWith("-"))).toEqual([]);
      expect(lines(shellWith("zsh", result.stdout, completeZsh("awstriage", "triage", "--by", "")).stdout)).toEqual([
        "account",
        "resource",
      ]);
    }
  });

  it("fish: only `complete`, `function` blocks and comments, with balanced blocks; fish completes it", async () => {
    const result = await runCli(["completion", "fish"], env);
    expect(result.code, result.stderr).toBe(0);
    const all = result.stdout.split("\n").filter((l) => l.trim() !== "");
    const top = all.filter((l) => !l.startsWith(" "));
    expect(top.filter((l) => !/^(#|complete -c awstriage |function __awstriage_\w+$|end\b)/.test(l))).toEqual([]);
    const opened = all.filter((l) => /^\s*(function|for|if|switch)\b/.test(l)).length;
    const closed = all.filter((l) => /^\s*end\b/.test(l)).length;
    expect(closed).toBe(opened);
    expect(result.stdout).toContain("-a 'ec2'");
    expect(result.stdout).toContain("complete -c awstriage -l profile -x -a '(__awstriage_profiles)'");
    if (hasShell("fish") || process.env.CI === "true") {
      writeFileSync(join(dir, "check.fish"), result.stdout);
      const parsed = spawnSync("fish", ["--no-config", "-n", join(dir, "check.fish")], { encoding: "utf8" });
      expect(parsed.status, parsed.stderr).toBe(0);
      const regions = shellWith("fish", result.stdout, "complete -C 'awstriage --region us-east-1,eu-west-'");
      expect(lines(regions.stdout)).toContain("us-east-1,eu-west-1");
      const top = lines(shellWith("fish", result.stdout, "complete -C 'awstriage '").stdout);
      expect(top.map((l) => l.split("\t")[0])).toContain("triage");
      expect(top.filter((w) => w.startsWith("-"))).toEqual([]);
    }
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
