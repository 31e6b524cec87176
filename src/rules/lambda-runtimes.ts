/**
 * AWS Lambda runtime deprecation dates, as data.
 *
 * The date is the "Deprecation date" column of AWS's runtime tables: the day phase 1 starts
 * (no more security patches, no new functions soon after). Lambda only states the day, so the
 * comparison is by calendar day (UTC): on its deprecation day a runtime counts as deprecated.
 *
 * Sources checked on 2026-11-30 (RUNTIME_TABLE_CHECKED):
 * - AWS Lambda Developer Guide, "Lambda runtimes" (RUNTIME_TABLE_SOURCE): the "Supported
 *   runtimes" and "Deprecated runtimes" tables, and its note that Amazon Linux 2 reaches end
 *   of life on 2026-06-30 while the AL2-based runtimes (java8.al2, java11, java17,
 *   python3.10, python3.11, provided.al2) keep receiving critical and selected important
 *   patches; the per-language pages (e.g. "Building Lambda functions with Ruby", which lists
 *   ruby4.0: deprecation 2029-03-31).
 * - terraform-linters/tflint-ruleset-aws, rules/lambda_deprecated_runtime/
 *   deprecated_runtimes.json (`updated_at` 2026-07-24), a scrape of AWS's table; every date
 *   below matches its `end_of_support_date`.
 * - endoflife.date/aws-lambda (same dates where it lists the runtime).
 *
 * Where the sources disagree we follow AWS's own runtime table, as scraped by tflint on
 * 2026-07-24, because it is the newest statement by AWS we found:
 * - java8.al2, java11, java17 and python3.11: 2027-06-30. Older copies of AWS's page (and
 *   other AWS pages derived from it, such as AgentCore's runtime list) still show
 *   2026-06-30, the AL2 end-of-life date; AWS extended these runtimes past it.
 * - python3.10: 2026-10-31 and provided.al2: 2026-07-31 (older copies: 2026-06-30).
 * - nodejs and dotnetcore1.0: tflint has 2016-08-30 and 2019-06-27; this table keeps
 *   2016-10-31 and 2019-07-30 (tflint's block-update days). We could not confirm either on
 *   AWS's current page, and both are years past, so no finding changes.
 * Some localized copies of AWS's pages lag the English one; we never follow them.
 *
 * AWS moves projected dates now and then (usually later). Update this table, and
 * RUNTIME_TABLE_CHECKED, when it does; a runtime missing from the table (a container image,
 * a runtime newer than the table) is never reported.
 */

/** The day the table above was last compared with its sources (YYYY-MM-DD). */
export const RUNTIME_TABLE_CHECKED = "2026-11-30";
export const RUNTIME_TABLE_SOURCE = "https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html";

export interface RuntimeDeprecation {
  /** The runtime identifier Lambda reports, e.g. "nodejs18.x". */
  runtime: string;
  name: string;
  /** Phase 1 start, YYYY-MM-DD. */
  deprecatedOn: string;
}

export const LAMBDA_RUNTIME_DEPRECATIONS: readonly RuntimeDeprecation[] = [
  // Supported runtimes (projected deprecation dates)
  { runtime: "nodejs24.x", name: "Node.js 24", deprecatedOn: "2028-04-30" },
  { runtime: "nodejs22.x", name: "Node.js 22", deprecatedOn: "2027-04-30" },
  { runtime: "nodejs20.x", name: "Node.js 20", deprecatedOn: "2026-04-30" },
  { runtime: "python3.14", name: "Python 3.14", deprecatedOn: "2029-06-30" },
  { runtime: "python3.13", name: "Python 3.13", deprecatedOn: "2029-06-30" },
  { runtime: "python3.12", name: "Python 3.12", deprecatedOn: "2028-10-31" },
  { runtime: "python3.11", name: "Python 3.11", deprecatedOn: "2027-06-30" },
  { runtime: "python3.10", name: "Python 3.10", deprecatedOn: "2026-10-31" },
  { runtime: "java25", name: "Java 25", deprecatedOn: "2029-06-30" },
  { runtime: "java21", name: "Java 21", deprecatedOn: "2029-06-30" },
  { runtime: "java17", name: "Java 17", deprecatedOn: "2027-06-30" },
  { runtime: "java11", name: "Java 11", deprecatedOn: "2027-06-30" },
  { runtime: "java8.al2", name: "Java 8 (AL2)", deprecatedOn: "2027-06-30" },
  { runtime: "dotnet10", name: ".NET 10", deprecatedOn: "2028-11-14" },
  { runtime: "dotnet9", name: ".NET 9 (container only)", deprecatedOn: "2026-11-10" },
  { runtime: "dotnet8", name: ".NET 8", deprecatedOn: "2026-11-10" },
  { runtime: "ruby4.0", name: "Ruby 4.0", deprecatedOn: "2029-03-31" },
  { runtime: "ruby3.4", name: "Ruby 3.4", deprecatedOn: "2028-03-31" },
  { runtime: "ruby3.3", name: "Ruby 3.3", deprecatedOn: "2027-03-31" },
  { runtime: "ruby3.2", name: "Ruby 3.2", deprecatedOn: "2026-03-31" },
  { runtime: "provided.al2023", name: "OS-only runtime (AL2023)", deprecatedOn: "2029-06-30" },
  { runtime: "provided.al2", name: "OS-only runtime (AL2)", deprecatedOn: "2026-07-31" },
  // Deprecated runtimes
  { runtime: "python3.9", name: "Python 3.9", deprecatedOn: "2025-12-15" },
  { runtime: "nodejs18.x", name: "Node.js 18", deprecatedOn: "2025-09-01" },
  { runtime: "dotnet6", name: ".NET 6", deprecatedOn: "2024-12-20" },
  { runtime: "python3.8", name: "Python 3.8", deprecatedOn: "2024-10-14" },
  { runtime: "nodejs16.x", name: "Node.js 16", deprecatedOn: "2024-06-12" },
  { runtime: "dotnet7", name: ".NET 7 (container only)", deprecatedOn: "2024-05-14" },
  { runtime: "java8", name: "Java 8 (AL1)", deprecatedOn: "2024-01-08" },
  { runtime: "go1.x", name: "Go 1.x", deprecatedOn: "2024-01-08" },
  { runtime: "provided", name: "Custom runtime (AL1)", deprecatedOn: "2024-01-08" },
  { runtime: "ruby2.7", name: "Ruby 2.7", deprecatedOn: "2023-12-07" },
  { runtime: "nodejs14.x", name: "Node.js 14", deprecatedOn: "2023-12-04" },
  { runtime: "python3.7", name: "Python 3.7", deprecatedOn: "2023-12-04" },
  { runtime: "dotnetcore3.1", name: ".NET Core 3.1", deprecatedOn: "2023-04-03" },
  { runtime: "nodejs12.x", name: "Node.js 12", deprecatedOn: "2023-03-31" },
  { runtime: "python3.6", name: "Python 3.6", deprecatedOn: "2022-07-18" },
  { runtime: "dotnet5.0", name: ".NET 5 (container only)", deprecatedOn: "2022-05-10" },
  { runtime: "dotnetcore2.1", name: ".NET Core 2.1", deprecatedOn: "2022-01-05" },
  { runtime: "nodejs10.x", name: "Node.js 10", deprecatedOn: "2021-07-30" },
  { runtime: "ruby2.5", name: "Ruby 2.5", deprecatedOn: "2021-07-30" },
  { runtime: "python2.7", name: "Python 2.7", deprecatedOn: "2021-07-15" },
  { runtime: "nodejs8.10", name: "Node.js 8.10", deprecatedOn: "2020-03-06" },
  { runtime: "nodejs4.3", name: "Node.js 4.3", deprecatedOn: "2020-03-05" },
  { runtime: "nodejs4.3-edge", name: "Node.js 4.3 edge", deprecatedOn: "2020-03-05" },
  { runtime: "nodejs6.10", name: "Node.js 6.10", deprecatedOn: "2019-08-12" },
  { runtime: "dotnetcore1.0", name: ".NET Core 1.0", deprecatedOn: "2019-07-30" },
  { runtime: "dotnetcore2.0", name: ".NET Core 2.0", deprecatedOn: "2019-05-30" },
  { runtime: "nodejs", name: "Node.js 0.10", deprecatedOn: "2016-10-31" },
];

/** The built-in table by runtime id, with `corrections` (from the config file) winning. */
export function runtimeTable(corrections: readonly RuntimeDeprecation[] = []): ReadonlyMap<string, RuntimeDeprecation> {
  return new Map([...LAMBDA_RUNTIME_DEPRECATIONS, ...corrections].map((entry) => [entry.runtime, entry]));
}

const BUILT_IN = runtimeTable();

export function runtimeDeprecation(
  runtime: string | null,
  table: ReadonlyMap<string, RuntimeDeprecation> = BUILT_IN,
): RuntimeDeprecation | undefined {
  return runtime === null ? undefined : table.get(runtime);
}

/** YYYY-MM-DD strings compare correctly as text. */
export function isDeprecatedOn(entry: RuntimeDeprecation, today: string): boolean {
  return today >= entry.deprecatedOn;
}
