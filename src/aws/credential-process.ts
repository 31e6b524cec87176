/**
 * How the run's profile gets its credentials, decided from the settings awstriage read, as the
 * AWS CLI would:
 * - `credential_process`: run by awstriage itself, so that it is bounded (the process group is
 *   killed after AWSTRIAGE_CREDENTIALS_TIMEOUT_MS, default 60 s, naming the program) and its own
 *   error is shown. Through the SDK's chain a failing process ended as "Could not load
 *   credentials from any providers", and a hanging one never ended.
 * - a source_profile chain that loops: "Infinite loop detected", before the SDK is asked.
 * - a profile name the SDK cannot read (`prød-ü`, `本番`: it reads only ASCII word characters
 *   and `-@+.%:/` in `[profile …]`): static keys and credential_process are handed over from
 *   what awstriage read; anything else (roles, SSO) stops with exit 3 naming the profile, since
 *   the SDK would silently use other settings.
 * - everything else: the SDK's own chain.
 */
import { spawn } from "node:child_process";
import type { AwsCredentialIdentity } from "@aws-sdk/types";
import { fail } from "../errors/errors.js";
import type { ProfileSettings } from "./config-files.js";

export const CREDENTIALS_TIMEOUT_MS = 60_000;

export type CredentialPlan =
  | { kind: "sdk" }
  | { kind: "static"; credentials: AwsCredentialIdentity }
  | { kind: "process"; command: string };

/** The SDK's shared-config parser drops `[profile NAME]` sections whose NAME does not match this. */
export function sdkReadsProfileName(name: string): boolean {
  return /^[A-Za-z0-9_\-@+.%:/]+$/.test(name);
}

/** The program a credential_process command runs (its first word), to name it in messages. */
export function programOf(command: string): string {
  const first = /^\s*(?:"([^"]*)"|'([^']*)'|(\S+))/.exec(command);
  return first?.[1] ?? first?.[2] ?? first?.[3] ?? command;
}

function checkSourceChain(profile: string, profiles: ReadonlyMap<string, ProfileSettings>): void {
  const path = [profile];
  for (let current = profile; ; ) {
    const settings = profiles.get(current);
    const next = settings?.role_arn ? settings.source_profile : undefined;
    if (next === undefined) return;
    // A role profile may name itself as source when it holds static keys (the AWS CLI allows it).
    if (next === current && settings?.aws_access_key_id) return;
    path.push(next);
    if (path.indexOf(next) < path.length - 1) throw fail("ProfileLoop", { profile, path });
    current = next;
  }
}

export function credentialPlan(profile: string, profiles: ReadonlyMap<string, ProfileSettings>): CredentialPlan {
  const settings = profiles.get(profile);
  if (settings === undefined) return { kind: "sdk" };
  const readable = sdkReadsProfileName(profile);
  if (settings.role_arn) {
    checkSourceChain(profile, profiles);
    if (!readable) throw fail("ProfileNameUnreadable", { profile, what: "role_arn" });
    return { kind: "sdk" };
  }
  if (settings.aws_access_key_id && settings.aws_secret_access_key) {
    if (readable) return { kind: "sdk" };
    return {
      kind: "static",
      credentials: {
        accessKeyId: settings.aws_access_key_id,
        secretAccessKey: settings.aws_secret_access_key,
        ...(settings.aws_session_token ? { sessionToken: settings.aws_session_token } : {}),
      },
    };
  }
  if (settings.credential_process) return { kind: "process", command: settings.credential_process };
  if (!readable) {
    const what =
      Object.keys(settings).find((k) => /^(sso_|web_identity|credential_source)/.test(k)) ?? "no credentials";
    throw fail("ProfileNameUnreadable", { profile, what });
  }
  return { kind: "sdk" };
}

const MAX_OUTPUT = 1 << 20;

function lastLine(text: string): string {
  const line = text.trim().split("\n").pop()?.trim() ?? "";
  return line.length > 300 ? `${line.slice(0, 300)}…` : line;
}

function parseProcessOutput(stdout: string, failed: (detail: string) => Error): AwsCredentialIdentity {
  let data: Record<string, unknown>;
  try {
    data = JSON.parse(stdout.trim()) as Record<string, unknown>;
  } catch {
    throw failed("it printed something that is not JSON");
  }
  if (data.Version !== 1) throw failed("its output is not Version 1");
  if (typeof data.AccessKeyId !== "string" || typeof data.SecretAccessKey !== "string")
    throw failed("its output has no AccessKeyId and SecretAccessKey");
  const expiration = typeof data.Expiration === "string" ? new Date(data.Expiration) : undefined;
  if (expiration !== undefined && expiration.getTime() < Date.now()) throw failed("it returned expired credentials");
  return {
    accessKeyId: data.AccessKeyId,
    secretAccessKey: data.SecretAccessKey,
    ...(typeof data.SessionToken === "string" ? { sessionToken: data.SessionToken } : {}),
    ...(expiration !== undefined ? { expiration } : {}),
  };
}

/** Runs a credential_process command (through the shell, as the AWS CLI does), bounded by `timeoutMs`. */
export function runCredentialProcess(
  command: string,
  profile: string,
  timeoutMs: number,
): Promise<AwsCredentialIdentity> {
  const program = programOf(command);
  const failed = (detail: string) => fail("CredentialProcessFailed", { profile, program, detail });
  return new Promise((resolve, reject) => {
    // Its own process group, so that a timeout stops whatever it started too.
    const child = spawn(command, { shell: true, detached: true, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout = (stdout + d).slice(0, MAX_OUTPUT)));
    child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr = (stderr + d).slice(-MAX_OUTPUT)));
    const timer = setTimeout(() => {
      try {
        if (child.pid !== undefined) process.kill(-child.pid, "SIGKILL");
      } catch {
        child.kill("SIGKILL");
      }
      child.stdout.destroy();
      child.stderr.destroy();
      reject(fail("CredentialProcessTimedOut", { profile, program, seconds: Math.round(timeoutMs / 100) / 10 }));
    }, timeoutMs);
    child.once("error", (error) => {
      clearTimeout(timer);
      reject(failed(error.message));
    });
    child.once("close", (code, signal) => {
      clearTimeout(timer);
      if (code !== 0) {
        const why = lastLine(stderr);
        const how = code === null ? `it was killed by ${signal}` : `it exited with code ${code}`;
        reject(failed(why === "" ? how : `${how}: ${why}`));
        return;
      }
      try {
        resolve(parseProcessOutput(stdout, failed));
      } catch (error) {
        reject(error);
      }
    });
  });
}
