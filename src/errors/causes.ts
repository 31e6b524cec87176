/**
 * Every named cause of an error: its exit code (DESIGN.md), message and suggestion, each written
 * once here so the same problem reads the same wherever it is raised. Throw sites call
 * `fail(name, facts)` from errors.ts. The keys of CAUSES are the set of names.
 */
import { ExitCode, type ExitCodeValue } from "../process/exit-codes.js";
import type { AwsFailureKind } from "./errors.js";
import { credentialsFix, credentialsOf, type Whose, whose } from "./whose.js";

export interface Cause<P> {
  exitCode: ExitCodeValue;
  /** For exit 4: how callers that tolerate some failures tell them apart (lambda's p99 fallback). */
  kind?: AwsFailureKind;
  message: (p: P) => string;
  suggestion?: (p: P) => string;
}

const cause = <P = Record<never, never>>(c: Cause<P>): Cause<P> => c;

/** `ec2 DescribeInstances in us-east-1`: where an AWS call failed. */
interface Where {
  where: string;
}

/** A cache entry of another account than the run's identity (a warning online, exit 5 offline). */
export const foreignEntryProblem = (p: ForeignEntry) =>
  `cache file ${p.path} holds data of account ${p.account}, but profile "${p.profile}" is account ${p.known}`;
interface ForeignEntry {
  path: string;
  account: string;
  profile: string;
  known: string;
}
/** Every named cause. The keys are the set of names; `code` on an error is one of them. */
export const CAUSES = {
  NoProfile: cause({
    exitCode: ExitCode.config,
    message: () =>
      "no AWS profile: AWS_PROFILE is not set, --profile was not given and no AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY are exported",
    suggestion: () =>
      "export AWS_PROFILE=<name> (see `aws configure list-profiles`), pass --profile <name> (--profile default for [default]), or export the keys",
  }),
  ProfileNotFound: cause<{ profile: string; configFile: string; credentialsFile: string }>({
    exitCode: ExitCode.config,
    message: (p) => `profile "${p.profile}" not found in ${p.configFile} or ${p.credentialsFile}`,
    suggestion: () => "check the name with `aws configure list-profiles`, or set AWS_CONFIG_FILE",
  }),
  BadDefaultRegion: cause<Whose & { region: string; nearest?: string | undefined }>({
    exitCode: ExitCode.config,
    message: (p) =>
      `invalid default region "${p.region}" (from AWS_REGION, AWS_DEFAULT_REGION${p.environment ? "" : ` or profile "${p.profile}"`})`,
    suggestion: (p) => `${p.nearest ? `did you mean ${p.nearest}? ` : ""}fix it, or pass --region`,
  }),
  UnknownRegion: cause<{ region: string; nearest: string | undefined }>({
    exitCode: ExitCode.usage,
    message: (p) => `unknown region "${p.region}": AWS has no region of that name`,
    suggestion: (p) =>
      `${p.nearest ? `did you mean ${p.nearest}? ` : ""}an emulator takes any name with --endpoint-url or AWS_ENDPOINT_URL`,
  }),
  NoRegion: cause<Whose>({
    exitCode: ExitCode.config,
    message: (p) => `no region for ${whose(p)}`,
    suggestion: (p) =>
      p.environment
        ? "pass --region or export AWS_REGION"
        : `pass --region, export AWS_REGION, or set region in profile "${p.profile}" (aws configure set region us-east-1 --profile ${p.profile})`,
  }),
  OfflineSeveralProfiles: cause<{ profiles: readonly string[] }>({
    exitCode: ExitCode.config,
    message: (p) => `--offline: no profile given and the cache holds several (${p.profiles.join(", ")})`,
    suggestion: () => "pass --profile or export AWS_PROFILE",
  }),
  OfflineNoRegion: cause<{ identity: string; regions: readonly string[] }>({
    exitCode: ExitCode.config,
    message: (p) =>
      p.regions.length === 0
        ? `--offline: no region given and nothing cached for "${p.identity}"`
        : `--offline: no region given and the cache holds several (${p.regions.join(", ")})`,
    suggestion: () => "pass --region (or export AWS_REGION)",
  }),
  BadEndpointUrl: cause<{ value: string; source: string }>({
    exitCode: ExitCode.config,
    message: (p) => `invalid endpoint URL "${p.value}" (from ${p.source}): it must be http:// or https:// and a host`,
    suggestion: (p) => `fix or remove ${p.source}`,
  }),
  BadProfileSetting: cause<{ profile: string; setting: string; problem: string }>({
    exitCode: ExitCode.config,
    message: (p) => `profile "${p.profile}": ${p.setting} ${p.problem}; fix it in the AWS config file`,
  }),
  ProfileLoop: cause<{ profile: string; path: readonly string[] }>({
    exitCode: ExitCode.config,
    message: (p) =>
      `Infinite loop detected in the source_profile chain of profile "${p.profile}": ${p.path.join(" → ")}`,
    suggestion: () => "fix source_profile so that the chain ends at a profile with credentials",
  }),
  ProfileNameUnreadable: cause<{ profile: string; what: string }>({
    exitCode: ExitCode.config,
    message: (p) =>
      `profile "${p.profile}" uses ${p.what}, which the AWS SDK cannot read under this name (it reads only ASCII letters, digits and - _ @ + . % : / in profile names)`,
    suggestion: () => "rename the profile, or give it static keys or a credential_process",
  }),
  CredentialProcessFailed: cause<{ profile: string; program: string; detail: string }>({
    exitCode: ExitCode.config,
    message: (p) => `credential_process of profile "${p.profile}" (${p.program}) failed: ${p.detail}`,
    suggestion: (p) => `run it by hand to see why, or fix credential_process in profile "${p.profile}"`,
  }),
  CredentialProcessTimedOut: cause<{ profile: string; program: string; seconds: number }>({
    exitCode: ExitCode.config,
    message: (p) =>
      `credential_process of profile "${p.profile}" (${p.program}) did not finish within ${p.seconds} s; it was stopped`,
    suggestion: () =>
      "check what it waits for (a prompt, a browser, the network); AWSTRIAGE_CREDENTIALS_TIMEOUT_MS sets the limit",
  }),
  CredentialsTimedOut: cause<{ profile: string; seconds: number }>({
    exitCode: ExitCode.config,
    message: (p) => `credentials for profile "${p.profile}" were not resolved within ${p.seconds} s`,
    suggestion: () => "check the profile's credential source; AWSTRIAGE_CREDENTIALS_TIMEOUT_MS sets the limit",
  }),
  BadCaBundle: cause<{ path: string; reason: string }>({
    exitCode: ExitCode.config,
    message: (p) => `cannot read the CA bundle ${p.path} (${p.reason})`,
    suggestion: () => "fix AWS_CA_BUNDLE or the profile's ca_bundle",
  }),
  BadTimeout: cause<{ variable: string; value: string; max: number }>({
    exitCode: ExitCode.config,
    message: (p) => `${p.variable} must be a whole number of milliseconds from 1 to ${p.max}, got "${p.value}"`,
    suggestion: (p) => `fix or unset ${p.variable}`,
  }),
  CredentialsUnloadable: cause<Where & Whose & { sso: boolean; error: string; detail: string }>({
    exitCode: ExitCode.config,
    message: (p) => `${credentialsOf(p)} could not be loaded (${p.error} from ${p.where})${p.detail}`,
    suggestion: credentialsFix,
  }),
  CredentialsExpired: cause<Where & Whose & { sso: boolean; error: string }>({
    exitCode: ExitCode.config,
    message: (p) => `${credentialsOf(p)} are expired (${p.error} from ${p.where})`,
    suggestion: credentialsFix,
  }),
  CredentialsRejected: cause<Where & Whose & { sso: boolean; error: string }>({
    exitCode: ExitCode.config,
    message: (p) => `${credentialsOf(p)} are invalid or missing (${p.error} from ${p.where})`,
    suggestion: credentialsFix,
  }),
  Throttled: cause<Where & { error: string; attempts: string }>({
    exitCode: ExitCode.aws,
    kind: "throttled",
    message: (p) => `throttled by AWS: ${p.where} still failed with ${p.error} after ${p.attempts}`,
    suggestion: () => "wait a little, raise --max-attempts, or lower --concurrency",
  }),
  AccessDenied: cause<Where & Whose & { error: string; detail: string; action: string }>({
    exitCode: ExitCode.aws,
    kind: "access-denied",
    message: (p) => `access denied: ${p.where} (${p.error})${p.detail}`,
    suggestion: (p) => `check the IAM permissions of ${whose(p)} for ${p.action}`,
  }),
  EndpointUnreachable: cause<Where & { endpoint: string; failure: string }>({
    exitCode: ExitCode.aws,
    kind: "unreachable",
    message: (p) => `endpoint unreachable: ${p.where} at ${p.endpoint} (${p.failure})`,
    suggestion: () => "check the network, the region and any --endpoint-url / endpoint_url setting",
  }),
  NotAnAwsAnswer: cause<Where & { endpoint: string; answer: string }>({
    exitCode: ExitCode.aws,
    // Not "api": the call never reached AWS, so no caller may treat it as AWS declining one query.
    kind: "unreachable",
    message: (p) => `not an AWS answer: ${p.where} at ${p.endpoint} got ${p.answer}; nothing was cached`,
    suggestion: () =>
      "something other than AWS answered (a captive portal, a proxy, a wrong endpoint_url): check the network and the endpoint",
  }),
  HttpFailure: cause<Where & { endpoint: string; status: number; attempts: string }>({
    exitCode: ExitCode.aws,
    kind: "api",
    message: (p) =>
      `AWS error: ${p.where} failed with HTTP ${p.status} from ${p.endpoint}, with no AWS error code in the answer, after ${p.attempts}`,
    suggestion: () => "try again in a while; if it persists, check the endpoint and any proxy on the way",
  }),
  AwsFailure: cause<Where & { error: string; detail: string }>({
    exitCode: ExitCode.aws,
    kind: "api",
    message: (p) => `AWS error: ${p.where} failed with ${p.error}${p.detail}`,
  }),
  InsightsTimedOut: cause<{ queryId: string; region: string; after: string; status: string }>({
    exitCode: ExitCode.aws,
    kind: "api",
    message: (p) =>
      `gave up on Logs Insights query ${p.queryId} in ${p.region} after ${p.after} (last status ${p.status}); it was stopped`,
    suggestion: () => "raise --timeout, or narrow --since, the log groups or the query",
  }),
  InsightsFailed: cause<{ queryId: string; region: string; status: string; advice: string }>({
    exitCode: ExitCode.aws,
    kind: "api",
    message: (p) => `Logs Insights query ${p.queryId} in ${p.region} ended with status ${p.status}`,
    suggestion: (p) => p.advice,
  }),
  OutRefused: cause<{ path: string; reason: string }>({
    exitCode: ExitCode.usage,
    message: (p) => `--out ${p.path} ${p.reason}; nothing was written there`,
    suggestion: () => "--out replaces only a regular file you may write (as `>` would): choose another path",
  }),
  OfflineMiss: cause<{ resource: string; profile: string; region: string; path: string }>({
    exitCode: ExitCode.offlineMiss,
    message: (p) =>
      `--offline: no cached ${p.resource} for profile "${p.profile}" in ${p.region} (looked for ${p.path})`,
    suggestion: () =>
      "run the same command once online to fill the cache, or check --profile, --region and --cache-dir",
  }),
  OfflineForeignEntry: cause<ForeignEntry>({
    exitCode: ExitCode.offlineMiss,
    message: (p) => `--offline: ${foreignEntryProblem(p)}`,
    suggestion: () => "run the command once online to fetch this account's data",
  }),
  OfflineEmptyCache: cause<{ root: string }>({
    exitCode: ExitCode.offlineMiss,
    message: (p) => `--offline: the cache at ${p.root} is empty`,
    suggestion: () => "run a command once online to fill it, or point --cache-dir at a cache",
  }),
  CacheUnusable: cause<{ path: string; reason: string }>({
    exitCode: ExitCode.offlineMiss,
    message: (p) => `cache file ${p.path} is unusable: ${p.reason}`,
    suggestion: () => "run the command once online (or with --force) to rewrite it",
  }),
  CacheRootNotYours: cause<{ root: string; reason: string }>({
    exitCode: ExitCode.offlineMiss,
    message: (p) => `--offline: the cache folder ${p.root} is ${p.reason}, so nothing in it is used`,
    suggestion: () => "point --cache-dir (or $AWSTRIAGE_CACHE_DIR) at a folder of your own",
  }),
  CacheChangedWhileRead: cause<{ path: string; reason: string }>({
    exitCode: ExitCode.offlineMiss,
    message: (p) => `cache file ${p.path} became unusable while it was read: ${p.reason}`,
    suggestion: () => "run the command again (--force fetches afresh)",
  }),
  NotACacheRoot: cause<{ root: string; marker: string; example: string }>({
    exitCode: ExitCode.usage,
    message: (p) =>
      `${p.root} does not look like an awstriage cache: it has no ${p.marker} marker and holds ${p.example}`,
    suggestion: () => "check --cache-dir and $AWSTRIAGE_CACHE_DIR (`awstriage cache path` prints the root in use)",
  }),
  CacheClearFailed: cause<{ path: string; code: string; removedBefore: number }>({
    exitCode: ExitCode.usage,
    message: (p) =>
      `cannot remove ${p.path}: ${p.code}${p.removedBefore > 0 ? ` (removed ${p.removedBefore} entries before it)` : ""}`,
    suggestion: (p) =>
      p.code === "EROFS" ? "the cache is on a read-only file system" : "check the permissions of the cache folders",
  }),
  UnexpectedAnswer: cause<{ resource: string; region: string; reason: string }>({
    exitCode: ExitCode.aws,
    kind: "api",
    message: (p) => `${p.resource} in ${p.region}: unexpected answer: ${p.reason}`,
  }),
} as const;
