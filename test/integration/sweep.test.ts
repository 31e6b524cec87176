/**
 * Sweeps (`--accounts FILE`, `--profiles`) against moto_server. Moto keeps separate state per
 * account and answers an AssumeRole into another account with that account's credentials, so
 * three accounts (the base one and two reached by role) are seeded with their own instances
 * and alarms; a fourth role is refused by the proxy (AccessDenied), as a role whose trust
 * policy does not allow the caller would be.
 */
import { describe, expect, it } from "vitest";
import { appendFileSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { EC2Client, RunInstancesCommand } from "@aws-sdk/client-ec2";
import { CloudWatchClient, PutMetricAlarmCommand, SetAlarmStateCommand } from "@aws-sdk/client-cloudwatch";
import { AssumeRoleCommand, STSClient } from "@aws-sdk/client-sts";
import type { AwsCredentialIdentity } from "@aws-sdk/types";
import { startMoto } from "../helpers/moto.js";
import { motoSuite } from "../helpers/suite.js";
import { seedConfig, TEST_ACCOUNT } from "../helpers/aws-env.js";
import { jsonOut } from "../helpers/cli.js";
import { runInProcess } from "../helpers/in-process.js";
import { TEST_AMI } from "../helpers/seed.js";

const moto = await startMoto();

/** The DuckDB query of the README ("Sweeps into DuckDB and Athena"), word for word. */
const DUCKDB_QUERY = readFileSync(new URL("../../README.md", import.meta.url), "utf8").match(
  /```sql\n(-- findings by account and severity[\s\S]*?)```/,
)?.[1] as string;

const ACCOUNT_B = "210987654321";
const ACCOUNT_C = "310987654321";
const DENIED = "410987654321";
const role = (account: string) => `arn:aws:iam::${account}:role/triage`;
const REGIONS = "eu-west-1,us-east-1";

type Rec = {
  account: string;
  accountLabel: string | null;
  region: string;
  instanceId?: string;
  resourceId?: string;
  ruleId?: string;
};

async function credentialsFor(endpoint: string, account: string | undefined): Promise<AwsCredentialIdentity> {
  if (account === undefined) return seedConfig(endpoint).credentials;
  const sts = new STSClient(seedConfig(endpoint));
  const { Credentials: c } = await sts.send(new AssumeRoleCommand({ RoleArn: role(account), RoleSessionName: "seed" }));
  sts.destroy();
  return {
    accessKeyId: c?.AccessKeyId as string,
    secretAccessKey: c?.SecretAccessKey as string,
    sessionToken: c?.SessionToken as string,
  };
}

/** `count` instances in `region` and one alarm in ALARM state named after the account. */
async function seedAccount(endpoint: string, account: string | undefined, region: string, count: number) {
  const config = { ...seedConfig(endpoint, region), credentials: await credentialsFor(endpoint, account) };
  const ec2 = new EC2Client(config);
  const response = await ec2.send(
    new RunInstancesCommand({ ImageId: TEST_AMI, MinCount: count, MaxCount: count, InstanceType: "t3.nano" }),
  );
  ec2.destroy();
  const cw = new CloudWatchClient(config);
  const alarmName = `on-fire-${account ?? TEST_ACCOUNT}`;
  await cw.send(
    new PutMetricAlarmCommand({
      AlarmName: alarmName,
      // Someone is paged, so the alarm is only "firing" (not also cloudwatch.alarm-actions-disabled).
      AlarmActions: [`arn:aws:sns:${region}:${account ?? TEST_ACCOUNT}:oncall`],
      Namespace: "AWS/EC2",
      MetricName: "CPUUtilization",
      Statistic: "Average",
      Period: 60,
      EvaluationPeriods: 1,
      Threshold: 90,
      ComparisonOperator: "GreaterThanThreshold",
    }),
  );
  await cw.send(new SetAlarmStateCommand({ AlarmName: alarmName, StateValue: "ALARM", StateReason: "seeded" }));
  cw.destroy();
  return (response.Instances ?? []).map((i) => i.InstanceId as string);
}

describe.skipIf(moto === undefined)("sweeps over several accounts against moto_server", () => {
  const ids: Record<string, string[]> = {};
  const h = motoSuite(moto, async (endpoint) => {
    ids[TEST_ACCOUNT] = await seedAccount(endpoint, undefined, "us-east-1", 1);
    ids[ACCOUNT_B] = [
      ...(await seedAccount(endpoint, ACCOUNT_B, "us-east-1", 2)),
      ...(await seedAccount(endpoint, ACCOUNT_B, "eu-west-1", 1)),
    ];
    ids[ACCOUNT_C] = await seedAccount(endpoint, ACCOUNT_C, "eu-west-1", 3);
  });

  const accountsFile = (lines: string[]) => {
    const file = join(h.sandbox.dir, "accounts.txt");
    writeFileSync(file, `${lines.join("\n")}\n`);
    return file;
  };
  const threeAccounts = () =>
    accountsFile([
      "# the base profile, then two roles",
      "profile:moto\tbase",
      "",
      `${role(ACCOUNT_B)}\tprod-eu`,
      `${role(ACCOUNT_C)}  # no label`,
    ]);
  const denyRole = (account: string) =>
    h.proxy.setFaults((call, _i, body) =>
      call.action === "AssumeRole" && body.includes(encodeURIComponent(role(account))) ? "access-denied" : "pass",
    );
  const sweep = (command: string[], file: string, ...extra: string[]) =>
    runInProcess([...command, "--accounts", file, "--region", REGIONS, ...extra], h.sandbox.env);

  it("ec2 list returns each account's own instances, labelled, sorted by account then region, one AssumeRole per role", async () => {
    const result = await sweep(["ec2", "list"], threeAccounts());
    expect(result.code, result.stderr).toBe(0);
    const records = jsonOut<Rec>(result);
    for (const account of [TEST_ACCOUNT, ACCOUNT_B, ACCOUNT_C])
      expect(
        records
          .filter((r) => r.account === account)
          .map((r) => r.instanceId)
          .sort(),
      ).toEqual([...(ids[account] ?? [])].sort());
    expect(records).toHaveLength(7);
    const labels = Object.fromEntries(records.map((r) => [r.account, r.accountLabel]));
    expect(labels).toEqual({ [TEST_ACCOUNT]: "base", [ACCOUNT_B]: "prod-eu", [ACCOUNT_C]: null });
    const order = records.map((r) => `${r.account} ${r.region}`);
    expect(order).toEqual([...order].sort());
    // The label follows the account in every record (a stable key order for analytics engines).
    const keys = Object.keys(records[0] as object);
    expect(keys[keys.indexOf("account") + 1]).toBe("accountLabel");
    expect(h.proxy.count("AssumeRole")).toBe(2);
    expect(h.proxy.count("DescribeInstances")).toBe(6);
    expect(result.stderr).toContain("awstriage: 3 accounts × 2 regions (eu-west-1,us-east-1) | fetched 6");
  });

  it("a role that cannot be assumed fails alone: named on stderr and in --out, the others printed, exit 4", async () => {
    denyRole(DENIED);
    const file = accountsFile([`${role(ACCOUNT_B)} prod-eu`, `${role(DENIED)} locked`, `${role(ACCOUNT_C)} dev`]);
    const out = join(h.sandbox.dir, "out.json");
    const result = await sweep(["ec2", "list"], file, "--out", out);
    expect(result.code, result.stderr).toBe(4);
    const records = jsonOut<Rec>(result);
    expect(new Set(records.map((r) => r.account))).toEqual(new Set([ACCOUNT_B, ACCOUNT_C]));
    expect(result.stderr).toContain("3 accounts × 2 regions (eu-west-1,us-east-1), 1 failed");
    expect(result.stderr).toMatch(new RegExp(`account ${DENIED} \\(locked\\) failed .*AccessDenied|not authorized`));
    const document = JSON.parse(readFileSync(out, "utf8"));
    expect(document.failures).toEqual([
      expect.objectContaining({ account: DENIED, accountLabel: "locked", resource: "account" }),
    ]);
    expect(document.accounts.map((a: { account: string; failed: boolean }) => [a.account, a.failed])).toEqual([
      [ACCOUNT_B, false],
      [DENIED, true],
      [ACCOUNT_C, false],
    ]);
    expect(document.records).toHaveLength(records.length);
    // One AssumeRole per account, the refused one included: it is not retried per region.
    expect(h.proxy.count("AssumeRole")).toBe(3);
  });

  it("exit 4 when every role is refused, exit 3 when every account failed on its credentials", async () => {
    h.proxy.setFaults((call) => (call.action === "AssumeRole" ? "access-denied" : "pass"));
    const denied = await sweep(["ec2", "list"], accountsFile([role(ACCOUNT_B), role(ACCOUNT_C)]));
    expect(denied.code, denied.stderr).toBe(4);
    expect(jsonOut(denied)).toEqual([]);
    expect(denied.stderr).toContain("2 accounts × 2 regions (eu-west-1,us-east-1), 2 failed");

    // Profiles whose credentials cannot be had at all: the credentials are the problem.
    appendFileSync(
      h.sandbox.configFile,
      ["nokeys-a", "nokeys-b"]
        .map((name) => `\n[profile ${name}]\nregion = us-east-1\ncredential_process = /bin/false\n`)
        .join(""),
    );
    const noCredentials = await sweep(["ec2", "list"], accountsFile(["profile:nokeys-a", "profile:nokeys-b"]));
    expect(noCredentials.code, noCredentials.stderr).toBe(3);
    expect(noCredentials.stderr).toContain("2 accounts × 2 regions (eu-west-1,us-east-1), 2 failed");
    expect(h.proxy.count("DescribeInstances")).toBe(0);
  });

  it("triage gives each account's findings, labelled; a second run within the TTL and --offline send nothing and print the same", async () => {
    const file = threeAccounts();
    const first = await sweep(["triage"], file);
    expect(first.code, first.stderr).toBe(0);
    const findings = jsonOut<Rec>(first).filter((f) => f.resourceId?.startsWith("on-fire-"));
    expect(findings.map((f) => [f.resourceId, f.account, f.accountLabel]).sort()).toEqual(
      [
        [`on-fire-${ACCOUNT_B}`, ACCOUNT_B, "prod-eu"],
        [`on-fire-${ACCOUNT_B}`, ACCOUNT_B, "prod-eu"],
        [`on-fire-${ACCOUNT_C}`, ACCOUNT_C, null],
        [`on-fire-${TEST_ACCOUNT}`, TEST_ACCOUNT, "base"],
      ].sort(),
    );
    expect(h.proxy.count("AssumeRole")).toBe(2);

    const before = h.proxy.count();
    const warm = await sweep(["triage"], file);
    expect(warm.code, warm.stderr).toBe(0);
    expect(h.proxy.count()).toBe(before);
    expect(warm.stdout).toBe(first.stdout);
    // Served from the cache: said first on stderr (before the warnings: moto has no
    // GetAccountSettings), within 80 columns; said early, the count so far, and the full one follows.
    expect(first.stderr).not.toMatch(/accounts cached/);
    const lines = warm.stderr.split("\n");
    expect(lines[0], warm.stderr).toMatch(
      /^awstriage: [1-3]\/3 accounts cached( so far)?, oldest (\d+m)?\d+s(, window lags \S+)? — --force to refetch$/,
    );
    expect(lines[0]?.length).toBeLessThanOrEqual(80);
    expect(lines.filter((l) => /^awstriage: 3\/3 accounts cached, oldest /.test(l))).toHaveLength(1);

    const out = join(h.sandbox.dir, "sweep.json");
    const offline = await sweep(["triage"], file, "--offline", "--out", out);
    expect(offline.code, offline.stderr).toBe(0);
    expect(h.proxy.count()).toBe(before);
    expect(offline.stdout).toBe(first.stdout);
    // --out ranks every account's incidents together, not the first account's alone.
    const incidents = JSON.parse(readFileSync(out, "utf8")).incidents as Array<{ rank: number; findings: Rec[] }>;
    const accounts = new Set(incidents.flatMap((i) => i.findings.map((f) => f.account)));
    expect([...accounts].sort()).toEqual([ACCOUNT_B, ACCOUNT_C, TEST_ACCOUNT].sort());
    expect(incidents.map((i) => i.rank)).toEqual(incidents.map((_, i) => i + 1));

    // The "which account is on fire" view: one row per account, B (two firing alarms) first.
    const byAccount = await sweep(["triage"], file, "--offline", "--by", "account");
    expect(byAccount.code, byAccount.stderr).toBe(0);
    const rows = jsonOut<Record<string, unknown>>(byAccount);
    expect(rows.map((r) => [r.account, r.accountLabel, r.failed])).toEqual([
      [ACCOUNT_B, "prod-eu", false],
      [TEST_ACCOUNT, "base", false],
      [ACCOUNT_C, null, false],
    ]);
    expect(rows[0]).toMatchObject({ high: 2 });
    expect(rows.map((r) => r.findings)).toEqual(
      [ACCOUNT_B, TEST_ACCOUNT, ACCOUNT_C].map((a) => jsonOut<Rec>(first).filter((f) => f.account === a).length),
    );
  });

  it("a later --role-arn run for one account is served from the sweep's cache, and a sweep from a --role-arn run's", async () => {
    expect((await sweep(["ec2", "list"], accountsFile([role(ACCOUNT_B)]))).code).toBe(0);
    const before = h.proxy.count();
    const single = await runInProcess(
      ["ec2", "list", "--region", REGIONS, "--role-arn", role(ACCOUNT_B)],
      h.sandbox.env,
    );
    expect(single.code, single.stderr).toBe(0);
    expect(h.proxy.count()).toBe(before);
    expect(
      jsonOut<Rec>(single)
        .map((r) => r.instanceId)
        .sort(),
    ).toEqual([...(ids[ACCOUNT_B] ?? [])].sort());

    const roleC = await runInProcess(
      ["ec2", "list", "--region", REGIONS, "--role-arn", role(ACCOUNT_C)],
      h.sandbox.env,
    );
    expect(roleC.code).toBe(0);
    const afterC = h.proxy.count();
    const both = await sweep(["ec2", "list"], accountsFile([role(ACCOUNT_B), role(ACCOUNT_C)]));
    expect(both.code, both.stderr).toBe(0);
    expect(h.proxy.count()).toBe(afterC);
  });

  it("--out-dir: one ndjson file per run whose lines keep one key order and one type per key, and DuckDB reads it as the README shows", async () => {
    const dir = join(h.sandbox.dir, "sweeps");
    const file = threeAccounts();
    expect((await sweep(["triage"], file, "--out-dir", dir)).code).toBe(0);
    expect((await sweep(["ec2", "list"], file, "--out-dir", dir)).code).toBe(0);
    const names = readdirSync(dir).sort();
    expect(names).toHaveLength(4);
    for (const command of ["ec2-list", "triage"]) {
      const stems = names.filter((n) => n.startsWith(`${command}-`)).map((n) => n.replace(/\.(nd)?json$/, ""));
      expect(stems).toHaveLength(2);
      expect(stems[0]).toMatch(new RegExp(`^${command}-\\d{8}T\\d{6}\\.\\d{3}Z-[0-9a-f]{6}$`));
      expect(stems[1]).toBe(stems[0]);
      const lines = readFileSync(join(dir, `${stems[0]}.ndjson`), "utf8").split("\n");
      expect(lines.pop()).toBe("");
      const records = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
      expect(new Set(records.map((r) => r.account))).toEqual(new Set([TEST_ACCOUNT, ACCOUNT_B, ACCOUNT_C]));
      expect(new Set(records.map((r) => JSON.stringify(Object.keys(r))))).toHaveProperty("size", 1);
      const types = new Map<string, Set<string>>();
      for (const r of records)
        for (const [key, value] of Object.entries(r)) {
          if (value === null) continue;
          const type = Array.isArray(value) ? "array" : typeof value;
          types.set(key, (types.get(key) ?? new Set()).add(type));
        }
      for (const [key, seen] of types) expect([key, [...seen]]).toEqual([key, [...seen].slice(0, 1)]);
      const document = JSON.parse(readFileSync(join(dir, `${stems[0]}.json`), "utf8"));
      expect(document[command === "triage" ? "findings" : "records"]).toEqual(records);
    }

    // The README's DuckDB query, run by DuckDB itself over the folder.
    const { DuckDBInstance } = await import("@duckdb/node-api");
    const db = await DuckDBInstance.create(":memory:");
    const connection = await db.connect();
    const query = DUCKDB_QUERY.replace("sweeps/", `${dir}/`);
    const rows = (await connection.runAndReadAll(query)).getRowObjectsJson();
    connection.closeSync();
    const findings = readFileSync(
      join(dir, names.find((n) => n.startsWith("triage-") && n.endsWith(".ndjson")) as string),
      "utf8",
    )
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as Rec & { severity: string });
    const expected = new Map<string, number>();
    for (const f of findings) {
      const key = JSON.stringify([f.account, f.accountLabel, f.severity]);
      expected.set(key, (expected.get(key) ?? 0) + 1);
    }
    expect(
      new Map(rows.map((r) => [JSON.stringify([r.account, r.accountLabel, r.severity]), Number(r.findings)])),
    ).toEqual(expected);
  });

  it("--profiles runs each profile; a malformed list is exit 2 and an unknown profile exit 3, before any call", async () => {
    const profiles = await runInProcess(["whoami", "--profiles", "moto"], h.sandbox.env);
    expect(profiles.code, profiles.stderr).toBe(0);
    expect(jsonOut<Rec>(profiles)).toEqual([expect.objectContaining({ account: TEST_ACCOUNT, accountLabel: null })]);

    h.proxy.reset();
    const malformed = await sweep(["ec2", "list"], accountsFile(["arn:aws:iam::12:role/x"]));
    expect(malformed.code).toBe(2);
    expect(malformed.stderr).toContain("line 1");
    const duplicated = await sweep(["ec2", "list"], accountsFile([role(ACCOUNT_B), `${role(ACCOUNT_B)} again`]));
    expect(duplicated.code).toBe(2);
    expect(duplicated.stderr).toContain(`account ${ACCOUNT_B} twice`);
    const notSweepable = await runInProcess(["cache", "ls", "--profiles", "moto"], h.sandbox.env);
    expect(notSweepable.code).toBe(2);
    expect(notSweepable.stderr).toContain("--profiles and --accounts do not apply to cache ls");
    const withRole = await sweep(["ec2", "list"], accountsFile([role(ACCOUNT_B)]), "--role-arn", role(ACCOUNT_C));
    expect(withRole.code).toBe(2);
    const unknown = await sweep(["ec2", "list"], accountsFile(["profile:nope"]));
    expect(unknown.code).toBe(3);
    expect(unknown.stderr).toContain('profile "nope" not found');
    expect(h.proxy.count()).toBe(0);
  });
});
