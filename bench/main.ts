/**
 * `npm run bench` (issue 6): starts its own moto_server on loopback, seeds it, measures (a)-(j)
 * and writes bench/RESULTS.md. Not part of `npm test` or CI. BENCH_QUICK=1: fewer pairs, less data.
 */
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { cpus, loadavg, release, totalmem, type } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { startMoto, type Moto } from "../test/helpers/moto.js";
import { startProxy, type FaultProxy } from "../test/helpers/proxy.js";
import { createSandbox, type AwsSandbox } from "../test/helpers/aws-env.js";
import { seedCacheEntries, seedInstances, seedLogEvents } from "./seed.js";
import { runOk, type Cmd } from "./measure.js";
import * as measure from "./figures.js";
import { sweep as sweepFigure } from "./sweep.js";
import { sweep500 } from "./sweep-500.js";
import { metricCatalogue, seedMetricResources } from "./metric-catalogue.js";
import { cacheJunk, seedJunk } from "./cache-junk.js";
import type { Figure, Setup } from "./figures.js";
import { renderResults, renderTable, type Machine } from "./report.js";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const BIN = join(ROOT, "bin", "awstriage");
const RESULTS = join(ROOT, "bench", "RESULTS.md");
const QUICK = process.env.BENCH_QUICK === "1";
/** BENCH_ONLY=a,d measures only those (and seeds only what they need); RESULTS.md is then not written. */
const ONLY = process.env.BENCH_ONLY?.split(",").map((s) => s.trim().toLowerCase());
const want = (...letters: string[]) => ONLY === undefined || letters.some((l) => ONLY.includes(l));
/** The whole benchmark stops after this long, whatever it is doing. */
const DEADLINE_MS = 20 * 60_000;

/** pairs: for runs of a fraction of a second; slowPairs: for the 10,000-instance cache hit; coldPairs: for runs that call the emulator. */
const SIZE = QUICK
  ? {
      big: 2_000,
      medium: 1_000,
      small: 20,
      events: 20_000,
      entries: 500,
      pairs: 9,
      slowPairs: 5,
      coldPairs: 3,
      warmup: 1,
    }
  : {
      big: 10_000,
      medium: 1_000,
      small: 20,
      events: 100_000,
      entries: 500,
      pairs: 31,
      slowPairs: 11,
      coldPairs: 4,
      warmup: 2,
    };
const BIG_REGION = "us-east-1";
const MEDIUM_REGION = "us-west-2";
const SMALL_REGIONS = ["eu-west-1", "eu-central-1", "ap-southeast-2"];
const LOG_GROUP = "/bench/app";
/** Added to every answer for (d): about a round trip to a region on another continent, plus service time. */
const WAN_LATENCY_MS = 250;

const say = (text: string) => process.stderr.write(`bench: ${text}\n`);

function shell(command: string): string {
  const result = spawnSync("sh", ["-c", command], { encoding: "utf8" });
  return result.status === 0 ? `${result.stdout}${result.stderr}`.trim() : "";
}

function machine(started: Date, loadBefore: string): Machine {
  const commit = shell("git rev-parse --short HEAD") || "unknown";
  const dirty = shell("git status --porcelain --untracked-files=no") !== "";
  return {
    cpu: cpus()[0]?.model ?? "unknown",
    cores: cpus().length,
    memoryGb: totalmem() / 1024 ** 3,
    os: `${type()} ${release()}`,
    node: process.version,
    awsCli: shell("aws --version") || "not installed",
    moto: `moto ${shell("python3 -c 'import moto; print(moto.__version__)'") || "(version unknown)"}`,
    commit: dirty ? `${commit} + uncommitted changes` : commit,
    loadBefore,
    loadAfter: loadText(),
    started: started.toISOString(),
    minutes: (Date.now() - started.getTime()) / 60_000,
  };
}

function loadText(): string {
  return loadavg()
    .map((l) => l.toFixed(2))
    .join(", ");
}

async function timed<T>(what: string, work: () => Promise<T>): Promise<T> {
  const t = Date.now();
  say(`${what}...`);
  const result = await work();
  say(`${what}: ${((Date.now() - t) / 1000).toFixed(1)} s`);
  return result;
}

async function main(): Promise<void> {
  // The SDK's "Node 22 needed from 2027" notice, in the seeding done here.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";
  const started = new Date();
  const loadBefore = loadText();
  let moto: Moto | undefined;
  let proxy: FaultProxy | undefined;
  let sandbox: AwsSandbox | undefined;
  const deadline = setTimeout(() => {
    say(`stopped: still running after ${DEADLINE_MS / 60_000} minutes`);
    process.exit(1);
  }, DEADLINE_MS);
  deadline.unref();
  process.once("exit", () => void moto?.stop());
  try {
    moto = await startMoto();
    if (moto === undefined) throw new Error("the benchmark needs moto_server (pip install 'moto[server]')");
    proxy = await startProxy(moto.endpoint, { latencyMs: WAN_LATENCY_MS });
    sandbox = createSandbox([
      { name: "bench", region: BIG_REGION, endpoint: moto.endpoint },
      { name: "bench-wan", region: BIG_REGION, endpoint: proxy.endpoint },
    ]);
    // moto takes tens of seconds to page through 10,000 instances; a real endpoint answers
    // such a page in a second or two, so the request timeout is raised for the benchmark only.
    const env = { ...sandbox.env, AWSTRIAGE_REQUEST_TIMEOUT_MS: "600000" };
    const printer = join(sandbox.dir, "print.mjs");
    writeFileSync(printer, 'process.stdout.write("usage\\n");\n');
    const setup: Setup = {
      quick: QUICK,
      pairs: SIZE.pairs,
      slowPairs: SIZE.slowPairs,
      coldPairs: SIZE.coldPairs,
      warmup: SIZE.warmup,
      cli: (args, extra) => ({
        label: `awstriage ${args.join(" ")}`,
        file: process.execPath,
        args: [BIN, ...args],
        env: { ...env, ...extra },
      }),
      node: (args, label): Cmd => ({ label, file: process.execPath, args, env }),
      env,
      cacheDir: sandbox.cacheDir,
      floorScript: fileURLToPath(new URL("./floor.mjs", import.meta.url)),
    };

    const endpoint = moto.endpoint;
    const bigRegions = [...(want("a", "e") ? [BIG_REGION] : []), ...(want("a", "c") ? [MEDIUM_REGION] : [])];
    for (const region of bigRegions) {
      const n = region === BIG_REGION ? SIZE.big : SIZE.medium;
      await timed(`seeding ${n} instances in ${region}`, () => seedInstances(endpoint, region, n));
    }
    if (want("c", "d")) {
      await timed(`seeding ${SIZE.small} instances in each of ${SMALL_REGIONS.join(", ")}`, () =>
        Promise.all(SMALL_REGIONS.map((region) => seedInstances(endpoint, region, SIZE.small))),
      );
    }
    if (want("e"))
      await timed(`seeding ${SIZE.events} log events`, () =>
        seedLogEvents(endpoint, BIG_REGION, LOG_GROUP, SIZE.events, 30 * 60_000),
      );
    const entriesRoot = join(sandbox.dir, "entries");
    if (want("f"))
      await timed(`writing ${SIZE.entries} cache entries`, () => seedCacheEntries(entriesRoot, SIZE.entries));
    for (const region of bigRegions) {
      await timed(`filling the cache for ${region}`, () =>
        runOk(setup.cli(["ec2", "list", "-q", "--region", region, "--force"]), 600_000),
      );
    }

    const figures: Figure[] = [];
    const add = (more: Figure | Figure[]) => {
      figures.push(...(Array.isArray(more) ? more : [more]));
      for (const f of Array.isArray(more) ? more : [more])
        say(`${f.id}: ${f.value?.toFixed(2) ?? f.unavailable}× — ${f.detail ?? ""}`);
    };
    if (want("a")) {
      add(await timed("(a) cache hit, medium", () => measure.cacheHit(setup, MEDIUM_REGION, SIZE.medium)));
      add(await timed("(a) cache hit, big", () => measure.cacheHit(setup, BIG_REGION, SIZE.big)));
    }
    if (want("b")) add(await timed("(b) --help", () => measure.help(setup, printer)));
    if (want("c")) {
      const awsCli = shell("command -v aws") || undefined;
      add(await timed("(c) cold, medium", () => measure.coldVersusAwsCli(setup, MEDIUM_REGION, SIZE.medium, awsCli)));
      add(
        await timed("(c) cold, small", () =>
          measure.coldVersusAwsCli(setup, SMALL_REGIONS[0] as string, SIZE.small, awsCli),
        ),
      );
    }
    if (want("d")) {
      add(
        await timed("(d) regions, with latency", () =>
          measure.regions(setup, "bench-wan", SMALL_REGIONS, WAN_LATENCY_MS, proxy as FaultProxy),
        ),
      );
      add(await timed("(d) regions, loopback", () => measure.regions(setup, "bench", SMALL_REGIONS, 0)));
    }
    if (want("e")) {
      const baseline = await measure.peakOf(setup.node(["-e", "0"], "node -e 0"));
      const bigFile = measure.ec2CacheFile(setup, BIG_REGION);
      const floorPeak = await measure.peakOf(setup.node([setup.floorScript, bigFile], "floor"));
      const ec2Cmd = setup.cli(["ec2", "list", "-o", "json", "--region", BIG_REGION, "--ttl", "1d"]);
      add(
        await timed("(e) ec2 list memory", () =>
          measure.memory(setup, "ec2 list", ec2Cmd, [bigFile], SIZE.big, baseline, {
            floorKb: floorPeak,
            why: "Items are read and normalized line by line, so what remains is the records themselves, V8's heap growth policy and the output being written.",
          }),
        ),
      );
      add(await timed("(e) logs search memory", () => logsMemory(setup, sandbox as AwsSandbox, baseline)));
    }
    if (want("g"))
      add(
        await timed("(g) sweep", () =>
          sweepFigure(
            setup,
            "bench-wan",
            SMALL_REGIONS,
            WAN_LATENCY_MS,
            proxy as FaultProxy,
            (sandbox as AwsSandbox).dir,
          ),
        ),
      );
    if (want("i")) add(await timed("(i) 500 accounts", () => sweep500(setup, QUICK ? 1 : 3)));
    if (want("h")) {
      const n = await timed("seeding the metric catalogue's resources", () => seedMetricResources(endpoint));
      say(`${n} resources with metrics`);
      add(
        await timed("(h) metric catalogue", () =>
          metricCatalogue(setup, "bench-wan", proxy as FaultProxy, (sandbox as AwsSandbox).dir),
        ),
      );
    }
    if (want("f")) {
      const hasCacheLs = await measure.hasCommand(setup, ["cache", "ls"]);
      add(await timed("(f) cache ls", () => measure.cacheList(setup, entriesRoot, SIZE.entries, hasCacheLs)));
    }

    if (want("j")) {
      const junkRoot = join((sandbox as AwsSandbox).dir, "junk");
      const files = Number(process.env.BENCH_JUNK_FILES ?? (QUICK ? 30_000 : 300_000));
      await timed(`writing ${files} files that are not entries`, async () => seedJunk(junkRoot, files));
      const baseline = await measure.peakOf(setup.node(["-e", "0"], "node -e 0"));
      add(await timed("(j) cache ls and cache clear over junk", () => cacheJunk(setup, junkRoot, files, baseline)));
    }

    const seeded = [
      `${SIZE.big.toLocaleString("en-US")} instances in ${BIG_REGION}`,
      `${SIZE.medium.toLocaleString("en-US")} in ${MEDIUM_REGION}`,
      `${SIZE.small} in each of ${SMALL_REGIONS.join(", ")}`,
      `${SIZE.events.toLocaleString("en-US")} log events in ${LOG_GROUP} (${BIG_REGION})`,
      `${SIZE.entries} synthetic cache entries for (f)`,
    ];
    process.stdout.write(`${renderTable(figures)}\n`);
    if (ONLY === undefined) {
      writeFileSync(
        RESULTS,
        renderResults(figures, machine(started, loadBefore), {
          quick: QUICK,
          pairs: SIZE.pairs,
          slowPairs: SIZE.slowPairs,
          coldPairs: SIZE.coldPairs,
          warmup: SIZE.warmup,
          seeded,
        }),
      );
      process.stdout.write(`\nWritten to ${RESULTS}\n`);
    }
  } finally {
    clearTimeout(deadline);
    await proxy?.close();
    await moto?.stop();
    sandbox?.cleanup();
  }
}

/** (e) for `logs search`, when this build has it: fill its cache once, then measure a cache hit. */
async function logsMemory(setup: Setup, sandbox: AwsSandbox, baselineKb: number): Promise<Figure> {
  const words = ["logs", "search"];
  if (!(await measure.hasCommand(setup, words))) {
    return {
      id: "(e) logs search",
      measure: `peak RSS of \`logs search\` over ${SIZE.events.toLocaleString("en-US")} events`,
      against: "2 × cache file + Node's baseline",
      target: "< 1.0 × budget",
      limit: 1,
      strict: true,
      unavailable: "not yet available: this build has no `logs search` command",
    };
  }
  // The command's own options are not known here: try the fullest form first.
  const base = [...words, LOG_GROUP, "--region", BIG_REGION, "--since", "2h"];
  const out = join(sandbox.dir, "logs-search.json");
  let args = [...base, "--limit", String(SIZE.events)];
  let filled = await measure.sourcesOf(setup, [...args, "--force"], out).catch(() => undefined);
  if (filled === undefined) {
    args = base;
    filled = await measure.sourcesOf(setup, [...args, "--force"], out);
  }
  const cmd = setup.cli([...args, "-o", "json", "--ttl", "1d"]);
  return measure.memory(setup, "logs search", cmd, filled.files, filled.records, baselineKb, {
    why:
      "`logs search` prints each record as the cache file is read (the file holds the events oldest first), so what remains is Node's baseline, " +
      "the modules a command loads, and the garbage of parsing one line at a time that V8's young generation holds until it is collected.",
  });
}

await main();
