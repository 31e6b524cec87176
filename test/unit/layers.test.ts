/**
 * The shape of src/, read from its import statements: commands sit on top (run/, sweep/,
 * sources/ and rules/ never import from commands/), no module imports itself through others
 * (the old options → sweep-member → emit → run → options loop), and no code writes an AWS_*
 * variable of the process environment (several accounts share one process).
 */
import { describe, expect, it } from "vitest";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const SRC = resolve(dirname(fileURLToPath(import.meta.url)), "../../src");

function sourceFiles(dir = SRC): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return path.endsWith(".ts") ? [path] : [];
  });
}

type Graph = Map<string, string[]>;

/**
 * Each module's relative imports, as paths under src/. `values` leaves out `import type` and
 * `export type` (erased at build: they load nothing); dynamic `import()` counts.
 */
function importGraph(values: boolean): Graph {
  const graph: Graph = new Map();
  for (const file of sourceFiles()) {
    const text = readFileSync(file, "utf8");
    const specifiers = [
      ...text.matchAll(/^\s*(import|export)(\s+type)?\b[^;]*?\sfrom\s+"(\.[^"]+)"/gms),
      ...text.matchAll(/()()\bimport\(\s*"(\.[^"]+)"\s*\)/g),
      // A bare `import "./x.js"` (for its side effects) loads the module too.
      ...text.matchAll(/()()^\s*import\s+"(\.[^"]+)"/gm),
    ]
      .filter((m) => !(values && m[2] !== undefined && m[2] !== ""))
      .map((m) => m[3] as string);
    graph.set(
      relative(SRC, file),
      specifiers.map((s) => relative(SRC, resolve(dirname(file), s.replace(/\.js$/, ".ts")))),
    );
  }
  return graph;
}

/** The strongly connected groups of more than one module (Tarjan), each sorted. */
function cycles(graph: Graph): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const found: string[][] = [];
  const visit = (v: string) => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    for (const w of graph.get(v) ?? []) {
      if (!graph.has(w)) continue;
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v) as number, low.get(w) as number));
      } else if (stack.includes(w)) low.set(v, Math.min(low.get(v) as number, index.get(w) as number));
    }
    if (low.get(v) !== index.get(v)) return;
    const group: string[] = [];
    for (let w = stack.pop(); w !== undefined; w = w === v ? undefined : stack.pop()) group.push(w);
    if (group.length > 1 || (graph.get(v) ?? []).includes(v)) found.push(group.sort());
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return found;
}

describe("the layers of src/", () => {
  it("finds a cycle when there is one (control)", () => {
    const graph: Graph = new Map([
      ["options/options.ts", ["run/sweep-member.ts"]],
      ["run/sweep-member.ts", ["commands/emit.ts"]],
      ["commands/emit.ts", ["options/options.ts"]],
      ["cli.ts", ["options/options.ts"]],
    ]);
    expect(cycles(graph)).toEqual([["commands/emit.ts", "options/options.ts", "run/sweep-member.ts"]]);
  });

  it("reads the imports it judges: static, `import()`, and `import type` only where asked (control)", () => {
    const all = importGraph(false);
    const values = importGraph(true);
    expect(all.get("commands/triage-watch.ts")).toContain("run/account-session.ts");
    expect(all.get("program.ts")).toContain("commands/completion.ts");
    // `import type { LoadedConfig }`: erased at build, so not a load.
    expect(all.get("commands/triage-watch.ts")).toContain("config/load.ts");
    expect(values.get("commands/triage-watch.ts")).not.toContain("config/load.ts");
  });

  it("has no import cycle among the modules a run loads, static or `import()`", () => {
    expect(cycles(importGraph(true))).toEqual([]);
  });

  it("imports nothing from commands/ into run/, sweep/, sources/ or rules/", () => {
    const upward = [...importGraph(false)].flatMap(([file, deps]) =>
      /^(run|sweep|sources|rules)\//.test(file)
        ? deps.filter((d) => d.startsWith("commands/")).map((d) => `${file} → ${d}`)
        : [],
    );
    expect(upward).toEqual([]);
  });

  it("writes no AWS_* variable of the process environment", () => {
    // `env.AWS_X = …`, `env["AWS_X"] ??= …`, `delete env.AWS_X`, `Object.assign(process.env, …)`.
    const write =
      /(\benv(\.AWS_\w+|\[\s*["'`]AWS_\w+["'`]\s*\])\s*(=(?!=)|\?\?=|\|\|=|&&=))|(delete\s+[\w.]*env(\.AWS_|\[))|(Object\.assign\(\s*process\.env)/;
    expect(write.test('process.env.AWS_PROFILE = "b";')).toBe(true);
    expect(write.test("env.AWS_REGION ??= region")).toBe(true);
    expect(write.test("if (env.AWS_REGION === region) return;")).toBe(false);
    const found = sourceFiles().flatMap((file) =>
      readFileSync(file, "utf8")
        .split("\n")
        .map((line, i) => ({ where: `${relative(SRC, file)}:${i + 1}`, line }))
        .filter(({ line }) => write.test(line))
        .map(({ where, line }) => `${where}: ${line.trim()}`),
    );
    // The SDK's Node-version notice is silenced by the launcher, bin/awstriage, before src/ loads.
    expect(found).toEqual([]);
  });
});
