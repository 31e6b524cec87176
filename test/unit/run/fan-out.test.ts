import { describe, expect, it } from "vitest";
import { AwstriageError, ConfigError, ExitCode, OfflineMissError } from "../../../src/errors/errors.js";
import { fanOut, partialFailure } from "../../../src/run/fan-out.js";

const failIn =
  (failing: Record<string, Error>) =>
  async (key: string): Promise<string> => {
    await new Promise((resolve) => setTimeout(resolve, key === "a" ? 10 : 0));
    const error = failing[key];
    if (error !== undefined) throw error;
    return `ok:${key}`;
  };
const neverAllFailed = () => new AwstriageError("not expected", 1);

describe("fanOut: the one partial-failure policy", () => {
  it("keeps the successes in key order whatever finished first, and returns the failures", async () => {
    const denied = new AwstriageError("denied", ExitCode.aws);
    const { results, failed } = await fanOut(["a", "b", "c"], 3, failIn({ b: denied }), neverAllFailed);
    expect(results).toEqual(["ok:a", "ok:c"]);
    expect(failed).toEqual([{ key: "b", error: denied }]);
  });

  it("throws what the caller words when every key failed", async () => {
    const error = await fanOut(
      ["a", "b"],
      2,
      failIn({ a: new OfflineMissError("a missing"), b: new OfflineMissError("b missing") }),
      (all) => new AwstriageError(`all failed: ${all.map((f) => f.key).join(",")}`, ExitCode.offlineMiss),
    ).catch((e: unknown) => e);
    expect(error).toMatchObject({ message: "all failed: a,b", exitCode: ExitCode.offlineMiss });
  });

  it("rethrows a bug as it is", async () => {
    await expect(fanOut(["a", "b"], 2, failIn({ b: new TypeError("bug") }), neverAllFailed)).rejects.toBeInstanceOf(
      TypeError,
    );
  });

  it("counts a credentials error of one part, while the rest got through, as exit 4, with the hint", () => {
    expect(partialFailure("eu-west-1", "ec2/instances", new ConfigError("AuthFailure"), "opt-in?")).toEqual({
      region: "eu-west-1",
      resource: "ec2/instances",
      reason: "AuthFailure; opt-in?",
      exitCode: ExitCode.aws,
    });
  });
});
