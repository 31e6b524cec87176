/**
 * A throwaway AWS configuration for running the CLI as a user would: a config file whose
 * profile sets endpoint_url (to moto or to a proxy in front of it), a private HOME and cache.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { makeTempDir, removeTempDir } from "./temp-dir.js";

export const TEST_ACCOUNT = "123456789012";

export interface AwsSandbox {
  dir: string;
  cacheDir: string;
  configFile: string;
  /** Environment for the CLI: only what a user's shell would have, no inherited AWS_* secrets. */
  env: NodeJS.ProcessEnv;
  cleanup(): void;
}

export interface ProfileSpec {
  name: string;
  endpoint?: string;
  region?: string;
  /** Both default to moto's conventional `testing`; secret tests seed their own. */
  accessKeyId?: string;
  secretAccessKey?: string;
  extra?: Record<string, string>;
}

export function profileSection(p: ProfileSpec): string {
  const lines = [p.name === "default" ? "[default]" : `[profile ${p.name}]`];
  if (p.region !== undefined) lines.push(`region = ${p.region}`);
  if (p.endpoint !== undefined) lines.push(`endpoint_url = ${p.endpoint}`);
  lines.push(
    `aws_access_key_id = ${p.accessKeyId ?? "testing"}`,
    `aws_secret_access_key = ${p.secretAccessKey ?? "testing"}`,
  );
  for (const [k, v] of Object.entries(p.extra ?? {})) lines.push(`${k} = ${v}`);
  return lines.join("\n");
}

/** Base environment with every AWS_* and AWSTRIAGE_* variable of the test runner removed. */
export function cleanEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (!k.startsWith("AWS_") && !k.startsWith("AWSTRIAGE_")) env[k] = v;
  }
  return env;
}

export function createSandbox(profiles: ProfileSpec[], activeProfile = profiles[0]?.name): AwsSandbox {
  const dir = makeTempDir("test");
  const configFile = join(dir, "aws-config");
  writeFileSync(configFile, `${profiles.map(profileSection).join("\n\n")}\n`);
  const cacheDir = join(dir, "cache");
  const env: NodeJS.ProcessEnv = {
    ...cleanEnv(),
    HOME: dir,
    AWS_CONFIG_FILE: configFile,
    AWS_SHARED_CREDENTIALS_FILE: join(dir, "no-credentials"),
    AWSTRIAGE_CACHE_DIR: cacheDir,
    AWS_EC2_METADATA_DISABLED: "true",
    ...(activeProfile ? { AWS_PROFILE: activeProfile } : {}),
  };
  return { dir, cacheDir, configFile, env, cleanup: () => removeTempDir(dir) };
}

/** Static credentials and endpoint for seeding moto through the SDK. */
export function seedConfig(endpoint: string, region = "us-east-1") {
  return {
    region,
    endpoint,
    credentials: { accessKeyId: "testing", secretAccessKey: "testing" },
  };
}
