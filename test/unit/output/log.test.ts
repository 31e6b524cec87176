/** pino redaction of credential-shaped fields, with the logger writing to an injected destination. */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { createLogger, CREDENTIAL_KEYS, humanStream, REDACT_DEPTH } from "../../../src/output/log.js";

function capture(format: "json" | "human" = "json") {
  const out: string[] = [];
  const destination =
    format === "json" ? { write: (line: string) => void out.push(line) } : humanStream((text) => void out.push(text));
  return { out, log: createLogger("trace", destination) };
}

/** Nests `value` under `path`, e.g. (["a","b"], "k", v) → { a: { b: { k: v } } }. */
function nest(path: readonly string[], key: string, value: unknown): Record<string, unknown> {
  return path.reduceRight<Record<string, unknown>>((inner, segment) => ({ [segment]: inner }), { [key]: value });
}

const innocentKey = fc
  .string({ minLength: 1, maxLength: 8 })
  .filter(
    (k) =>
      !(CREDENTIAL_KEYS as readonly string[]).includes(k) && !["__proto__", "constructor", "prototype"].includes(k),
  );

describe("log redaction", () => {
  it.each(CREDENTIAL_KEYS.flatMap((key) => Array.from({ length: REDACT_DEPTH }, (_, depth) => ({ key, depth }))))(
    "$key at depth $depth is redacted",
    ({ key, depth }) => {
      const { out, log } = capture();
      log.trace(nest(["outer", "inner"].slice(0, depth), key, "SEEDED-SECRET-VALUE"), "message");
      expect(out.join("")).not.toContain("SEEDED-SECRET-VALUE");
      expect(out.join("")).toContain("<redacted>");
    },
  );

  it("credential-shaped keys under arbitrary parents are redacted, at every level, in both formats (property)", () => {
    fc.assert(
      fc.property(
        fc.array(innocentKey, { maxLength: REDACT_DEPTH - 1 }),
        fc.constantFrom(...CREDENTIAL_KEYS),
        fc.uuid(),
        (path, key, secret) => {
          const { out, log } = capture("human");
          const json = capture();
          for (const target of [log, json.log]) target.error(nest(path, key, `S-${secret}`), "failed");
          expect(out.join("") + json.out.join("")).not.toContain(`S-${secret}`);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("a realistic trace line: the signed request's headers and an AssumeRole answer", () => {
    const { out, log } = capture("human");
    log.trace(
      {
        method: "POST",
        headers: {
          authorization: "AWS4-HMAC-SHA256 Credential=AKIDSEEDED/20250101/us-east-1/ec2/aws4_request, Signature=abc",
          "x-amz-security-token": "TOKENSEEDED",
        },
        response: {
          Credentials: { AccessKeyId: "ASIASEEDED", SecretAccessKey: "SECRETSEEDED", SessionToken: "TOKENSEEDED2" },
        },
        settings: { aws_secret_access_key: "CONFIGSECRET", region: "eu-west-1" },
        fn: { Environment: { Variables: { DB_PASSWORD: "hunter2" } } },
      },
      "http request",
    );
    const text = out.join("");
    for (const secret of ["AKIDSEEDED", "TOKENSEEDED", "ASIASEEDED", "SECRETSEEDED", "CONFIGSECRET", "hunter2"])
      expect(text).not.toContain(secret);
    expect(text).toContain("eu-west-1"); // what is not a credential is kept
    expect(text).toMatch(/^awstriage trace: http request /);
  });
});
