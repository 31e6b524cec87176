import { describe, expect, it } from "vitest";
import { createKeyedLimiter, createLimiter, mapLimit, mapLimitSettled } from "../../../src/run/concurrency.js";

/** A task whose end the test decides, counting how many tasks are in flight at once. */
function gatedTasks() {
  let inFlight = 0;
  let maxInFlight = 0;
  const gates: Array<() => void> = [];
  const started: string[] = [];
  const task = (name: string) => async () => {
    started.push(name);
    inFlight += 1;
    maxInFlight = Math.max(maxInFlight, inFlight);
    await new Promise<void>((resolve) => gates.push(resolve));
    inFlight -= 1;
    return name;
  };
  /** Lets every started task finish, newest first, until nothing is waiting. */
  const drain = async () => {
    for (;;) {
      await new Promise((r) => setTimeout(r, 0));
      const gate = gates.pop();
      if (gate === undefined) return;
      gate();
    }
  };
  return { task, drain, started, max: () => maxInFlight, inFlight: () => inFlight };
}

describe("mapLimit", () => {
  it("never runs more than the limit at once, and does overlap up to it", async () => {
    const t = gatedTasks();
    const done = mapLimit(["a", "b", "c", "d", "e", "f", "g"], 3, (item) => t.task(item)());
    await new Promise((r) => setTimeout(r, 0));
    expect(t.inFlight()).toBe(3);
    await t.drain();
    expect(await done).toEqual(["a", "b", "c", "d", "e", "f", "g"]);
    expect(t.max()).toBe(3);
  });

  it("keeps the input order whatever order the work finishes in", async () => {
    const delays = { first: 30, second: 1, third: 15 };
    const result = await mapLimit(Object.keys(delays), 3, async (key) => {
      await new Promise((r) => setTimeout(r, delays[key as keyof typeof delays]));
      return key.toUpperCase();
    });
    expect(result).toEqual(["FIRST", "SECOND", "THIRD"]);
  });

  it("runs one at a time with a limit of 1", async () => {
    const t = gatedTasks();
    const done = mapLimit([1, 2, 3], 1, (n) => t.task(String(n))());
    await t.drain();
    await done;
    expect(t.max()).toBe(1);
  });
});

describe("mapLimitSettled", () => {
  it("settles every item even when some fail", async () => {
    const settled = await mapLimitSettled(["ok", "bad", "ok2"], 2, async (item) => {
      if (item === "bad") throw new Error("boom");
      return item;
    });
    expect(settled.map((s) => s.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
    expect(settled[0]).toEqual({ status: "fulfilled", value: "ok" });
    expect((settled[1] as PromiseRejectedResult).reason).toBeInstanceOf(Error);
  });
});

describe("createLimiter", () => {
  it("bounds functions from unrelated callers and runs the waiting ones in arrival order", async () => {
    const limiter = createLimiter(2);
    const t = gatedTasks();
    const all = ["a", "b", "c", "d"].map((name) => limiter.run(t.task(name)));
    await new Promise((r) => setTimeout(r, 0));
    expect(limiter.active).toBe(2);
    expect(limiter.waiting).toBe(2);
    expect(t.started).toEqual(["a", "b"]);
    await t.drain();
    expect(await Promise.all(all)).toEqual(["a", "b", "c", "d"]);
    expect(t.started).toEqual(["a", "b", "c", "d"]);
    expect(t.max()).toBe(2);
    expect(limiter.active).toBe(0);
  });

  it("frees the slot of a function that throws", async () => {
    const limiter = createLimiter(1);
    await expect(limiter.run(async () => Promise.reject(new Error("no")))).rejects.toThrow("no");
    await expect(limiter.run(async () => "next")).resolves.toBe("next");
    expect(limiter.active).toBe(0);
  });
});

describe("createKeyedLimiter", () => {
  it("limits each key on its own, so different keys overlap", async () => {
    const limiterFor = createKeyedLimiter(1);
    const t = gatedTasks();
    const runs = [
      limiterFor("ec2@us-east-1").run(t.task("a1")),
      limiterFor("ec2@us-east-1").run(t.task("a2")),
      limiterFor("ec2@eu-west-1").run(t.task("b1")),
    ];
    await new Promise((r) => setTimeout(r, 0));
    expect(t.started).toEqual(["a1", "b1"]);
    expect(limiterFor("ec2@us-east-1")).toBe(limiterFor("ec2@us-east-1"));
    await t.drain();
    await Promise.all(runs);
    expect(t.started).toEqual(["a1", "b1", "a2"]);
  });
});
