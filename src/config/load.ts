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
import { statSync, type Stats } from "node:fs";
import { homedir } from "node:os";
import { dirname, join, resolve } from "node:path";
import type * as z from "zod/mini";
import en from "zod/v4/locales/en.js";
import { UsageError } from "../errors/errors.js";
import { BoundedReadError, readBoundedFile } from "../fs/bounded-read.js";
import { untrustedFile, untrustedFolder } from "../fs/ownership.js";
import { writeStderr } from "../output/progress.js";
import { DEFAULT_SETTINGS, type JudgementSettings } from "../rules/settings.js";
import { judgementSchema } from "./schema.js";

export const PROJECT_CONFIG_NAME = ".awstriage.json";
/** A config file is a page of JSON; anything larger is not one (and is never read whole). */
export const CONFIG_MAX_BYTES = 1 << 20;

/** Which rule found the file, for the context line: a forgotten parent-folder file must be visible. */
export type ConfigOrigin = "--config" | "AWSTRIAGE_CONFIG" | "project" | "user" | "bundle";

export interface LoadedConfig {
  settings: JudgementSettings;
  /** Null when no config file is in effect. */
  file: { path: string; origin: ConfigOrigin; sha256: string } | null;
}

export interface ConfigLookup {
  flag?: string | undefined;
  /** No config file at all, none searched for: a bundle judged without one (`--bundle`). */
  none?: boolean | undefined;
  /** What `flag` is called in messages and `--out`: a bundle's config (`b.tar.gz:config.json`), origin "bundle". */
  name?: string | undefined;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Where a skipped file or an untrusted folder is said; stderr by default. */
  warn?: (message: string) => void;
}

const statOrUndefined = (path: string): Stats | undefined => {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
};

/** What was said already: a sweep loads the config once per account, and says each thing once. */
const said = new Set<string>();
const sayOnce = (line: string) => {
  if (said.has(line)) return;
  said.add(line);
  writeStderr(line);
};

const defaultWarn = (message: string) => sayOnce(`awstriage: warning: ${message}\n`);

/**
 * Whether a found file may be obeyed (fs/ownership.ts): another user's file, or one anyone may
 * write, is skipped with a warning naming it and its owner, and the search goes on.
 */
function trustedCandidate(path: string, warn: (message: string) => void): boolean {
  const stats = statOrUndefined(path);
  if (stats === undefined) return false;
  const why = untrustedFile(stats);
  if (why === undefined) return true;
  warn(`ignoring config file ${path}: ${why}`);
  return false;
}

/**
 * The config file in effect and which rule chose it; undefined when there is none. The walk
 * up from the current folder stops at the first folder another user could have put a file
 * in (owned by someone else, or world-writable without the sticky bit): `/tmp/t/.awstriage.json`
 * left by another user is never obeyed from `/tmp/t/work`.
 */
export function findConfigFile(lookup: ConfigLookup = {}): { path: string; origin: ConfigOrigin } | undefined {
  const env = lookup.env ?? process.env;
  const cwd = lookup.cwd ?? process.cwd();
  const warn = lookup.warn ?? defaultWarn;
  if (lookup.flag) return { path: resolve(cwd, lookup.flag), origin: "--config" };
  if (env.AWSTRIAGE_CONFIG) return { path: resolve(cwd, env.AWSTRIAGE_CONFIG), origin: "AWSTRIAGE_CONFIG" };
  for (let dir = resolve(cwd); ; dir = dirname(dir)) {
    const folder = statOrUndefined(dir);
    const folderProblem = folder && untrustedFolder(folder);
    if (folderProblem !== undefined) {
      if (statOrUndefined(join(dir, PROJECT_CONFIG_NAME)) !== undefined)
        warn(`ignoring config file ${join(dir, PROJECT_CONFIG_NAME)}: its folder is not yours (${folderProblem})`);
      break;
    }
    const candidate = join(dir, PROJECT_CONFIG_NAME);
    if (trustedCandidate(candidate, warn)) return { path: candidate, origin: "project" };
    if (dirname(dir) === dir) break;
  }
  const xdg = env.XDG_CONFIG_HOME || join(env.HOME || homedir(), ".config");
  const user = join(xdg, "awstriage", "config.json");
  return trustedCandidate(user, warn) ? { path: user, origin: "user" } : undefined;
}

/**
 * The file's text, bounded and interruptible (fs/bounded-read.ts): a FIFO, a device or a
 * file over 1 MiB is exit 2 before a byte is read. A file named on purpose (--config,
 * $AWSTRIAGE_CONFIG) is held to the same ownership rule, and refused (exit 2) when it fails it.
 */
async function readConfigText(path: string, origin: ConfigOrigin): Promise<string> {
  const hint = origin === "AWSTRIAGE_CONFIG" ? "fix the path, or unset AWSTRIAGE_CONFIG" : "fix the path";
  let read: { text: string; stats: Stats };
  try {
    read = await readBoundedFile(path, CONFIG_MAX_BYTES);
  } catch (error) {
    if (!(error instanceof BoundedReadError)) throw error;
    throw new UsageError(`config file ${path}: ${error.message}`, hint);
  }
  const why = untrustedFile(read.stats);
  if (why !== undefined)
    throw new UsageError(
      `config file ${path}: not used: ${why}`,
      "use a config file of your own (chmod o-w, or copy it)",
    );
  // A UTF-8 byte order mark (Windows editors write one) is not part of the JSON.
  return read.text.startsWith("\uFEFF") ? read.text.slice(1) : read.text;
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
  } catch {
    // JSON.parse's message quotes the text: a file linked to a secret must never be printed.
    throw new UsageError(`config file ${path}: not valid JSON`, "see `awstriage rules --help` for the format");
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

export async function loadConfig(lookup: ConfigLookup = {}): Promise<LoadedConfig> {
  const found = lookup.none === true ? undefined : findConfigFile(lookup);
  if (found === undefined) return { settings: DEFAULT_SETTINGS, file: null };
  const text = await readConfigText(found.path, found.origin);
  const named = lookup.name === undefined ? found : { path: lookup.name, origin: "bundle" as const };
  const settings = parseConfig(text, named.path);
  const sha256 = createHash("sha256").update(text).digest("hex");
  return { settings, file: { ...named, sha256 } };
}

/**
 * What the file changes about the verdict, for the line `-q` still prints (a config that hides
 * findings must never be silent): "disables 1 rule, suppresses 2 findings"; undefined when it
 * only tunes thresholds or runtime dates.
 */
export function verdictChanges(settings: JudgementSettings): string | undefined {
  const rules = Object.values(settings.rules);
  const counts: [number, string][] = [
    [rules.filter((rule) => rule.enabled === false).length, "disables # rule"],
    [rules.filter((rule) => rule.severity !== undefined).length, "changes the severity of # rule"],
    [settings.suppress.length, "suppresses # finding"],
  ];
  const parts = counts
    .filter(([count]) => count > 0)
    .map(([count, text]) => `${text.replace("#", String(count))}${count === 1 ? "" : "s"}`);
  return parts.length === 0 ? undefined : parts.join(", ");
}

/** With -q the context line is not printed; a config that changes the verdict is named anyway. */
export function announceWhenQuiet(config: LoadedConfig, quiet: boolean | undefined): void {
  if (!quiet || config.file === null) return;
  const changes = verdictChanges(config.settings);
  if (changes !== undefined) sayOnce(`awstriage: config ${config.file.path} (${config.file.origin}) ${changes}\n`);
}
