/**
 * Credentials exported in the environment (`AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, optional
 * `AWS_SESSION_TOKEN`): what `aws-vault exec`, `aws configure export-credentials`, granted and CI
 * systems hand a process. Exported keys are a choice the user made, so awstriage accepts them when
 * no profile is named (DESIGN.md: `--profile`, else `AWS_PROFILE`, else exported keys); it still
 * never falls back to `[default]` or an instance or container role on its own.
 */
import type { AwsCredentialIdentity } from "@aws-sdk/types";

/** The cache identity (and `profile` of records and cache envelopes) of exported credentials. */
export const ENV_IDENTITY = "env";

/**
 * The profile name handed to the SDK for exported credentials. The SDK's shared-config parser
 * cannot read a section with a space in its name (sdkReadsProfileName), so no profile of the
 * config file (not even `[default]`) can lend the run its endpoint_url or other settings.
 */
export const ENV_SDK_PROFILE = "awstriage environment";

/** The exported keys, or undefined unless both the key id and the secret are set. */
export function environmentCredentials(env: NodeJS.ProcessEnv): AwsCredentialIdentity | undefined {
  const accessKeyId = env.AWS_ACCESS_KEY_ID;
  const secretAccessKey = env.AWS_SECRET_ACCESS_KEY;
  if (!accessKeyId || !secretAccessKey) return undefined;
  return { accessKeyId, secretAccessKey, ...(env.AWS_SESSION_TOKEN ? { sessionToken: env.AWS_SESSION_TOKEN } : {}) };
}
