/**
 * The accounts a sweep covers (`--profiles a,b`, `--accounts FILE`): parsed and checked before
 * anything runs, so a malformed list is exit 2 and an unknown profile exit 3 with nothing fetched.
 */
import { fail, UsageError } from "../errors/errors.js";
import { BoundedReadError, readBoundedFile, readBoundedStdin } from "../fs/bounded-read.js";
import type { SharedConfig } from "../aws/config-files.js";

/** A role assumed with the base profile's credentials, or a profile of the AWS config. */
export type Target =
  | { kind: "role"; roleArn: string; account: string; label: string | null }
  | { kind: "profile"; profile: string; account: string | null; label: string | null };

export const ROLE_ARN_RE = /^arn:aws[a-z-]*:iam::(\d{12}):role\/[\w+=,.@/-]{1,512}$/;
const PROFILE_NAME_RE = /^[\w+=,.@/-]{1,128}$/;
const LABEL_RE = /^[^\p{Cc}]{1,128}$/u;

/** `--profiles a,b,c`. */
export function profileTargets(list: string): Target[] {
  const names = list.split(",").map((name) => name.trim());
  return names.map((name) => {
    if (!PROFILE_NAME_RE.test(name)) throw new UsageError(`--profiles: "${name}" is not a profile name`);
    return { kind: "profile", profile: name, account: null, label: null };
  });
}

/** Ten thousand accounts with labels fit in well under a megabyte; more is not an accounts list. */
export const ACCOUNTS_MAX_BYTES = 10 << 20;

/**
 * The text of `--accounts FILE` (`-` is stdin), bounded and interruptible (fs/bounded-read.ts):
 * a FIFO, a device or a file over 10 MiB is exit 2 before anything is read.
 */
export async function readAccountsFile(
  file: string,
  stdin: () => Promise<string> = () => readBoundedStdin(ACCOUNTS_MAX_BYTES),
): Promise<string> {
  try {
    return file === "-" ? await stdin() : (await readBoundedFile(file, ACCOUNTS_MAX_BYTES)).text;
  } catch (error) {
    if (!(error instanceof BoundedReadError)) throw error;
    throw new UsageError(`--accounts: ${file === "-" ? "stdin" : file} ${error.message}`);
  }
}

/**
 * One target per line: a role ARN or `profile:NAME`, then an optional label after a tab or
 * whitespace (`prod-eu`). Blank lines and `#` comments are skipped.
 */
export function parseAccounts(text: string, source: string): Target[] {
  const targets: Target[] = [];
  for (const [i, raw] of text.split(/\r?\n/).entries()) {
    const line = raw.replace(/(^|\s)#.*$/, "").trim();
    if (line === "") continue;
    const [spec = "", ...rest] = line.split(/[\t ,]+/);
    const label = rest.join(" ").trim() || null;
    const where = `${source} line ${i + 1}`;
    if (label !== null && !LABEL_RE.test(label))
      throw new UsageError(`--accounts: ${where}: the label is not printable`);
    if (spec.startsWith("profile:")) {
      const profile = spec.slice("profile:".length);
      if (!PROFILE_NAME_RE.test(profile)) throw new UsageError(`--accounts: ${where}: "${spec}" names no profile`);
      targets.push({ kind: "profile", profile, account: null, label });
      continue;
    }
    const account = ROLE_ARN_RE.exec(spec)?.[1];
    if (account === undefined)
      throw new UsageError(
        `--accounts: ${where}: "${spec.slice(0, 80)}" is neither a role ARN nor profile:NAME`,
        "each line: arn:aws:iam::123456789012:role/Name or profile:NAME, optionally followed by a label",
      );
    targets.push({ kind: "role", roleArn: spec, account, label });
  }
  if (targets.length === 0) throw new UsageError(`--accounts: ${source} names no account`);
  return targets;
}

/**
 * Fills in the account of profile targets the config names (a role_arn or an SSO account),
 * then refuses duplicates (exit 2) and profiles the config does not have (exit 3).
 */
export function checkTargets(targets: Target[], shared: SharedConfig, offline: boolean): Target[] {
  const checked = targets.map((target): Target => {
    if (target.kind === "role") return target;
    const settings = shared.profiles.get(target.profile);
    if (settings === undefined && !offline)
      throw fail("ProfileNotFound", {
        profile: target.profile,
        configFile: shared.configFile,
        credentialsFile: shared.credentialsFile,
      });
    const fromRole = ROLE_ARN_RE.exec(settings?.role_arn ?? "")?.[1];
    const fromSso = settings?.sso_account_id;
    return { ...target, account: fromRole ?? fromSso ?? null };
  });
  const seen = new Map<string, string>();
  for (const target of checked) {
    const name = targetName(target);
    for (const key of [...(target.account === null ? [] : [`account:${target.account}`]), `name:${name}`]) {
      const before = seen.get(key);
      if (before !== undefined)
        throw new UsageError(
          `the account list names ${key.startsWith("account:") ? `account ${target.account}` : name} twice (${before} and ${name})`,
        );
      seen.set(key, name);
    }
  }
  return checked;
}

/** How messages name a target: its role ARN or `profile:NAME`. */
export function targetName(target: Target): string {
  return target.kind === "role" ? target.roleArn : `profile:${target.profile}`;
}
