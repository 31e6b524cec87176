/**
 * Connection and request timeouts for every AWS call, so a hanging endpoint cannot hang an
 * incident. The defaults live in run/account-session.ts; AWSTRIAGE_CONNECT_TIMEOUT_MS and
 * AWSTRIAGE_REQUEST_TIMEOUT_MS override them (tests use short ones; a slow link may want
 * longer ones). A request that times out counts as a failed attempt and is retried like
 * any other, up to --max-attempts.
 */
import { fail } from "../errors/errors.js";

/** A credential_process or credential chain that takes longer than this is stopped. */
export const CREDENTIALS_TIMEOUT_MS = 60_000;

export interface NetworkTimeouts {
  connectTimeoutMs: number;
  requestTimeoutMs: number;
  /** Resolving credentials (credential_process, the SDK chain); default CREDENTIALS_TIMEOUT_MS. */
  credentialsTimeoutMs?: number;
}

/** Ten minutes: beyond that a "timeout" is a typo. */
const MAX_TIMEOUT_MS = 600_000;

function fromEnv(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  const ms = /^\d+$/.test(raw.trim()) ? Number(raw) : Number.NaN;
  if (!Number.isInteger(ms) || ms < 1 || ms > MAX_TIMEOUT_MS) {
    throw fail("BadTimeout", { variable: name, value: raw, max: MAX_TIMEOUT_MS });
  }
  return ms;
}

export function networkTimeouts(env: NodeJS.ProcessEnv, defaults: NetworkTimeouts): NetworkTimeouts {
  return {
    connectTimeoutMs: fromEnv(env, "AWSTRIAGE_CONNECT_TIMEOUT_MS", defaults.connectTimeoutMs),
    requestTimeoutMs: fromEnv(env, "AWSTRIAGE_REQUEST_TIMEOUT_MS", defaults.requestTimeoutMs),
    credentialsTimeoutMs: fromEnv(
      env,
      "AWSTRIAGE_CREDENTIALS_TIMEOUT_MS",
      defaults.credentialsTimeoutMs ?? CREDENTIALS_TIMEOUT_MS,
    ),
  };
}
