import type { RecordBase } from "./base.js";

/** `lambda list`; environment values are always "<redacted>", names are kept. */
export interface LambdaFunctionRecord extends RecordBase {
  functionName: string;
  functionArn: string;
  runtime: string | null;
  handler: string | null;
  memorySize: number | null;
  /** Seconds, as Lambda configures it. */
  timeout: number | null;
  codeSize: number | null;
  lastModified: string | null;
  environment: Record<string, string>;
  /** `Zip` or `Image`; a container image has no runtime or handler. */
  packageType: string | null;
  /** `x86_64`, `arm64`. */
  architectures: string[];
  /** Layer version ARNs. */
  layers: string[];
  /**
   * `Pending`, `Active`, `Inactive`, `Failed`. This and the three fields after it are what the
   * cached ListFunctions answer holds: AWS leaves them out of ListFunctions (only GetFunction,
   * one call per function, returns them), so from real AWS they are null today.
   */
  state: string | null;
  stateReason: string | null;
  /** `Successful`, `Failed`, `InProgress`. */
  lastUpdateStatus: string | null;
  lastUpdateStatusReason: string | null;
  /** null when the function is not attached to a VPC. */
  vpcId: string | null;
  subnetIds: string[];
  /** The dead-letter queue or topic ARN. */
  deadLetterTarget: string | null;
  /** X-Ray tracing: `Active` or `PassThrough`. */
  tracingMode: string | null;
  /** The customer-managed KMS key that encrypts the environment (and image); null for AWS's own key. */
  kmsKeyArn: string | null;
  /** SnapStart: `applyOn` (`PublishedVersions`, `None`) and `optimizationStatus` (`On`, `Off`); null when not reported. */
  snapStart: { applyOn: string | null; optimizationStatus: string | null } | null;
  /** Size of /tmp in MB (512 to 10240); null when not reported. */
  ephemeralStorageMb: number | null;
  /**
   * Where and how the function logs: `logGroup` (the default is `/aws/lambda/<name>`; a custom
   * group is where its log lines really are), `logFormat` (`Text`, `JSON`) and the JSON levels.
   */
  loggingConfig: {
    logFormat: string | null;
    logGroup: string | null;
    applicationLogLevel: string | null;
    systemLogLevel: string | null;
  } | null;
}

/** `lambda metrics`, over the `--since` window. */
export interface LambdaMetricsRecord extends RecordBase {
  functionName: string;
  invocations: number;
  errors: number;
  throttles: number;
  /** errors / invocations; null when there were no invocations. */
  errorRate: number | null;
  durationMaxMs: number | null;
  /** null when the percentile query failed (a warning says so). */
  durationP99Ms: number | null;
  /** The function's configured timeout in ms. */
  timeoutMs: number | null;
  /**
   * true when CloudWatch answered some of these numbers incompletely (`PartialData`, or with
   * messages): they are lower bounds, and `errorRate` is null when `invocations` is one.
   */
  partial: boolean;
  /** CloudWatch's words per query (`invocations: PartialData`); null when complete. */
  partialReason: string | null;
  /** The fields above that are lower bounds (`invocations`, `errors`, ...); [] when complete. */
  partialFields: string[];
  /**
   * Errors per period over the window (`at` the period's start, ISO), at the period that fits
   * it (1 minute up to 3 hours, 5 minutes up to a day): the table's sparkline. null when the
   * series was not asked (an older cache entry) or CloudWatch did not answer it.
   */
  errorSeries: Array<{ at: string; value: number | null }> | null;
}
