/** Network timeouts: defaults, and the documented environment overrides. */
import { describe, expect, it } from "vitest";
import { CREDENTIALS_TIMEOUT_MS, networkTimeouts } from "../../../src/aws/timeouts.js";
import { ConfigError } from "../../../src/errors/errors.js";

const defaults = { connectTimeoutMs: 5_000, requestTimeoutMs: 30_000 };

describe("networkTimeouts", () => {
  it("uses the defaults when nothing is set (or set empty)", () => {
    const withCredentials = { ...defaults, credentialsTimeoutMs: CREDENTIALS_TIMEOUT_MS };
    expect(networkTimeouts({}, defaults)).toEqual(withCredentials);
    expect(networkTimeouts({ AWSTRIAGE_REQUEST_TIMEOUT_MS: "" }, defaults)).toEqual(withCredentials);
  });

  it("takes whole milliseconds from AWSTRIAGE_CONNECT_TIMEOUT_MS and AWSTRIAGE_REQUEST_TIMEOUT_MS", () => {
    expect(
      networkTimeouts({ AWSTRIAGE_CONNECT_TIMEOUT_MS: "250", AWSTRIAGE_REQUEST_TIMEOUT_MS: " 1000 " }, defaults),
    ).toEqual({ connectTimeoutMs: 250, requestTimeoutMs: 1000, credentialsTimeoutMs: CREDENTIALS_TIMEOUT_MS });
    expect(networkTimeouts({ AWSTRIAGE_CREDENTIALS_TIMEOUT_MS: "1500" }, defaults).credentialsTimeoutMs).toBe(1500);
  });

  it.each(["0", "-1", "1.5", "abc", "1e3", "600001"])(
    "refuses %j with a configuration error (exit 3) naming the variable",
    (value) => {
      expect(() => networkTimeouts({ AWSTRIAGE_REQUEST_TIMEOUT_MS: value }, defaults)).toThrow(ConfigError);
      expect(() => networkTimeouts({ AWSTRIAGE_REQUEST_TIMEOUT_MS: value }, defaults)).toThrow(
        /^AWSTRIAGE_REQUEST_TIMEOUT_MS must be a whole number of milliseconds/,
      );
    },
  );
});
