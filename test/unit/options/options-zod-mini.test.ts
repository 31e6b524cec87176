/** Option validation (zod/mini): one clear line per mistake, typed values otherwise. */
import { describe, expect, it } from "vitest";
import { parseGlobalOptions } from "../../../src/options/options.js";
import { listOptionsSchema } from "../../../src/commands/ec2.js";
import { parseLocal } from "../../../src/commands/command.js";
import { UsageError } from "../../../src/errors/errors.js";

const parse = (raw: Record<string, unknown>) => parseGlobalOptions(raw, { AWS_PROFILE: "dev" }, false);

function usageMessage(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as Error).message;
  }
  throw new Error("expected a UsageError");
}

describe("global options", () => {
  it("fills defaults and converts values", () => {
    const o = parse({ maxAttempts: "7", concurrency: "2", output: "ndjson", logLevel: "debug", ttl: "30s" });
    expect(o).toMatchObject({
      profile: "dev",
      maxAttempts: 7,
      concurrency: 2,
      output: "ndjson",
      logLevel: "debug",
      ttlMs: 30_000,
      force: false,
      offline: false,
      raw: false,
    });
    expect(parse({})).toMatchObject({
      output: "json",
      maxAttempts: 3,
      concurrency: 4,
      logLevel: "info",
      ttlMs: 300_000,
    });
  });

  it("rejects bad values with one line naming the flag", () => {
    expect(usageMessage(() => parse({ maxAttempts: "0" }))).toBe(
      '--max-attempts must be a whole number from 1 to 20, got "0"',
    );
    expect(usageMessage(() => parse({ concurrency: "two" }))).toBe(
      '--concurrency must be a whole number from 1 to 64, got "two"',
    );
    expect(usageMessage(() => parse({ output: "yaml" }))).toBe("--output must be one of json, ndjson, table");
    expect(usageMessage(() => parse({ logLevel: "loud" }))).toMatch(/^--log-level must be one of trace/);
    expect(usageMessage(() => parse({ roleArn: "arn:aws:iam::1:role/x" }))).toMatch(/^--role-arn must look like/);
    expect(usageMessage(() => parse({ endpointUrl: "ftp://x" }))).toMatch(/^--endpoint-url must be an http/);
    expect(usageMessage(() => parse({ profile: "" }))).toBe("--profile needs a name");
  });
});

describe("ec2 list options", () => {
  it("splits lists and tags", () => {
    expect(
      parseLocal(listOptionsSchema, { state: "running, stopped", tag: ["team=a=b", "Name="], type: "t3.micro" }),
    ).toEqual({
      state: ["running", "stopped"],
      tag: [
        { key: "team", value: "a=b" },
        { key: "Name", value: "" },
      ],
      type: ["t3.micro"],
    });
    expect(parseLocal(listOptionsSchema, {})).toEqual({ tag: [] });
  });

  it("names the bad state or tag", () => {
    expect(usageMessage(() => parseLocal(listOptionsSchema, { state: "running,sleeping" }))).toMatch(
      /^--state must be one or more of pending, running/,
    );
    expect(usageMessage(() => parseLocal(listOptionsSchema, { tag: ["ok=1", "=x"] }))).toBe(
      '--tag must be KEY=VALUE, got "=x"',
    );
  });
});
