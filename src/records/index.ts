/**
 * The normalized records every command prints (DESIGN.md "Commands"): the contract between
 * normalizers (raw cached items → records) and the triage rules (records → findings).
 * Every record carries `account` and `region`. Timestamps are ISO-8601 UTC strings.
 *
 * Key order is part of the output: fields added after the first release are appended after
 * the original ones (in the order listed here), so existing output keeps its prefix and jq
 * pipelines that read the old fields keep working. Lists are `[]` when AWS gave none.
 */
export type * from "./base.js";
export type * from "./ec2.js";
export type * from "./lambda.js";
export type * from "./cloudwatch.js";
export type * from "./logs.js";
export type * from "./identity.js";
export type * from "./graph.js";
export type * from "./changes.js";
export type * from "./timeline.js";
export * from "./findings.js";
