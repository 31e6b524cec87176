/**
 * The config file: judgement, not plumbing. It tunes rules (enabled, severity, thresholds),
 * corrects runtime dates and suppresses findings; it never changes what is fetched or cached.
 * Only commands that judge load it (`triage`, `rules`, `diff --fail-on`), so a broken file
 * never blocks `ec2 list`.
 *
 * Found at, in order: --config FILE, $AWSTRIAGE_CONFIG, `.awstriage.json` in the current
 * folder or the nearest parent that has one, `$XDG_CONFIG_HOME/awstriage/config.json`
 * (`~/.config/awstriage/config.json`).
 */
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { homedir } from "node:os";
import { dirname, join, resolve } from "node:path";
import type * as z from "zod/mini";
import en from "zod/v4/locales/en.js";
import { UsageError } from "../errors/errors.js";
import { DEFAULT_SETTINGS, type JudgementSettings } from "../rules/settings.js";
import { judgementSchema } from "./schema.js";

export const PROJECT_CONFIG_NAME = ".awstriage.json";

/** Which rule found the file, for the context line: a forgotten parent-folder file must be visible. */
export type ConfigOrigin = "--config" | "AWSTRIAGE_CONFIG" | "project" | "user";

export interface LoadedConfig {
  settings: JudgementSettings;
  /** Null when no config file is in effect. */
  file: { path: string; origin: ConfigOrigin; sha256: string } | null;
}

export interface ConfigLookup {
  flag?: string | undefined;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
}

/** The config file in effect and which rule chose it; undefined when there is none. */
export function findConfigFile(lookup: ConfigLookup = {}): { path: string; origin: ConfigOrigin } | undefined {
  const env = lookup.env ?? process.env;
  const cwd = lookup.cwd ?? process.cwd();
  if (lookup.flag) return { path: resolve(cwd, lookup.flag), origin: "--config" };
  if (env.AWSTRIAGE_CONFIG) return { path: resolve(cwd, env.AWSTRIAGE_CONFIG), origin: "AWSTRIAGE_CONFIG" };
  for (let dir = resolve(cwd); ; dir = dirname(dir)) {
    const candidate = join(dir, PROJECT_CONFIG_NAME);
    if (existsSync(candidate)) return { path: candidate, origin: "project" };
    if (dirname(dir) === dir) break;
  }
  const xdg = env.XDG_CONFIG_HOME || join(env.HOME || homedir(), ".config");
  const user = join(xdg, "awstriage", "config.json");
  return existsSync(user) ? { path: user, origin: "user" } : undefined;
}

/** A file named on purpose (--config, $AWSTRIAGE_CONFIG) must exist; a found one does by construction. */
function readConfigText(path: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "unreadable";
    throw new UsageError(`config file ${path}: cannot read it (${code})`, "fix the path, or unset AWSTRIAGE_CONFIG");
  }
}

/** `rules.lambda.errors.thresholds`, `suppress[0].reason`: where in the file the problem is. */
const keyPath = (path: readonly PropertyKey[]) =>
  path.reduce<string>(
    (text, key) => (typeof key === "number" ? `${text}[${key}]` : text ? `${text}.${String(key)}` : String(key)),
    "",
  ) || "(top level)";

/** Parses and validates a config file's text; every problem is exit 2 naming the file and the key. */
export function parseConfig(text: string, path: string): JudgementSettings {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new UsageError(
      `config file ${path}: not valid JSON (${(error as Error).message})`,
      "see `awstriage rules --help` for the format",
    );
  }
  const parsed = judgementSchema().safeParse(json, { error: en().localeError });
  if (!parsed.success) {
    const issue = parsed.error.issues[0] as z.core.$ZodIssue;
    throw new UsageError(
      `config file ${path}: ${keyPath(issue.path)}: ${issue.message}`,
      "`awstriage rules` lists every rule id and threshold",
    );
  }
  return parsed.data;
}

export function loadConfig(lookup: ConfigLookup = {}): LoadedConfig {
  const found = findConfigFile(lookup);
  if (found === undefined) return { settings: DEFAULT_SETTINGS, file: null };
  const text = readConfigText(found.path);
  const settings = parseConfig(text, found.path);
  const sha256 = createHash("sha256").update(text).digest("hex");
  return { settings, file: { ...found, sha256 } };
}
