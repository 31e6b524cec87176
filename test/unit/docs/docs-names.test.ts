/**
 * docs/architecture.md and docs/contributing.md describe the code; every file and symbol they
 * name in backticks (outside fenced examples) must exist, so they fail here instead of
 * teaching an API that is gone. What is checked:
 * - a path (a `/` or a file extension): the file or folder exists, from the repository root or
 *   from src/ (`run/fetch-spec.ts`), or a package's module (`zod/mini`); a source name `script/resource` passes when the registry
 *   declares it. Placeholders (`<name>`, `{a,b}`, `*`) and build output (dist/) are not paths.
 * - a symbol (a call `name()`, a PascalCase or UPPER_CASE name, a camelCase name, `Type.member`):
 *   the name, or the first part of a dotted one, is exported from some file in src/, and each
 *   later part is declared in that file. A camelCase name may also be a field declared in src/
 *   (`observedAt`), and an UPPER_CASE one an environment variable the code reads.
 * Plain lowercase words, flags, commands and anything with a space are prose, not checked.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { CACHE_SCRIPTS, SOURCES, sourceName } from "../../../src/sources/registry.js";

const ROOT = fileURLToPath(new URL("../../../", import.meta.url));
/** For contributors: every name is checked strictly. */
const DOCS = ["docs/architecture.md", "docs/contributing.md"];
/** For users: AWS's own names and example paths pass (see problem()). */
const USER_DOCS = ["docs/reliability.md", "README.md"];

function files(dir: string, ext = /\.(ts|mjs)$/): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? files(join(dir, d.name), ext) : ext.test(d.name) ? [join(dir, d.name)] : [],
  );
}

const sources = new Map(files(join(ROOT, "src")).map((file) => [file, readFileSync(file, "utf8")]));
const elsewhere = [...files(join(ROOT, "test")), ...files(join(ROOT, "scripts"))].map((f) => readFileSync(f, "utf8"));
const declaredSources = new Set(SOURCES.map(sourceName));

const escapeName = (name: string) => name.replace(/[$]/g, "\\$");

/** The files of src/ that export `name`. */
function exporters(name: string): string[] {
  const declared = new RegExp(
    `export\\s+(?:declare\\s+)?(?:default\\s+)?(?:async\\s+)?(?:function\\*?|const|let|class|interface|type|enum)\\s+${escapeName(name)}\\b`,
  );
  const listed = new RegExp(`export\\s+(?:type\\s+)?\\{[^}]*\\b${escapeName(name)}\\b[^}]*\\}`);
  return [...sources].filter(([, text]) => declared.test(text) || listed.test(text)).map(([file]) => file);
}

/** A member, field or method declared in `text` (`name:`, `name?:`, `name(`, `get name`). */
const declaresMember = (text: string, name: string) =>
  new RegExp(
    `(?:^|[\\s{,;(])(?:readonly\\s+|static\\s+|async\\s+|get\\s+|private\\s+)*${escapeName(name)}\\??\\s*[:(<=]`,
    "m",
  ).test(text);

const srcText = [...sources.values()].join("\n");
const basenames = new Set([...files(join(ROOT, "src")), ...files(join(ROOT, "test"))].map((f) => f.split("/").pop()));

/**
 * Why a backticked name does not resolve, or undefined when it does (or is not a name at all).
 * The README and docs/reliability.md (`forUsers`) also name AWS's APIs, fields and errors
 * (`LookupEvents`, `LastModified`), rule ids and example paths: there a name the code mentions
 * anywhere passes, and only paths into this repository (and bare `.ts` file names) are checked.
 */
export function problem(span: string, forUsers = false): string | undefined {
  if (/\s/.test(span) || /^[-$~@./]/.test(span) || /[<>{}*…|=]/.test(span)) return undefined;
  if (forUsers) {
    if (span.includes("/") && !/^(src|test|docs|bench|scripts|bin|unit|integration)\//.test(span)) return undefined;
    if (!span.includes("/") && /\.\w+$/.test(span) && !/\(\)$/.test(span))
      return !/\.ts$/.test(span) || basenames.has(span) ? undefined : "no such file";
    const why = problem(span);
    const name = span.replace(/\(\)$/, "");
    return why === undefined ||
      new RegExp(`(?<![\\w$])${escapeName(name).replace(/\./g, "\\.")}(?![\\w$])`).test(srcText)
      ? undefined
      : why;
  }
  // A test named as docs/reliability.md names them (`integration/faults`, `unit/cache/store`).
  if (/^(unit|integration)\/[\w/.-]+$/.test(span)) {
    const base = join(ROOT, "test", span);
    return existsSync(`${base}.test.ts`) || existsSync(base) ? undefined : "no such test";
  }
  const isFile = /\.(ts|mjs|js|md|json|yml|yaml|sh)$/.test(span) && !/\(\)$/.test(span);
  if (span.includes("/") || isFile) {
    if (span.startsWith("dist/") || span.startsWith("tmp/")) return undefined;
    if (declaredSources.has(span)) return undefined;
    // A package's module (`zod/mini`) resolves in node_modules.
    const places = [ROOT, join(ROOT, "src"), join(ROOT, "node_modules")];
    return places.some((place) => existsSync(join(place, span))) ? undefined : "no such file";
  }
  const m = /^([A-Za-z_$][\w$]*)((?:\.[A-Za-z_$][\w$]*)*)(\(\))?$/.exec(span);
  if (m === null) return undefined;
  const [, head = "", rest = "", call] = m;
  if (head === "import" || head === "require") return undefined;
  const members = rest.split(".").filter((p) => p !== "");
  const symbolish = call !== undefined || members.length > 0 || /[A-Z]/.test(head);
  if (!symbolish) return undefined;
  const homes = exporters(head);
  if (homes.length === 0) {
    if (members.length > 0 || call !== undefined) return "not exported from src/";
    if (/^[a-z]/.test(head) && [...sources.values()].some((text) => declaresMember(text, head))) return undefined;
    const everywhere = [...sources.values(), ...elsewhere];
    if (/^[A-Z][A-Z0-9_]+$/.test(head) && everywhere.some((text) => text.includes(head))) return undefined;
    return "not exported from src/";
  }
  for (const member of members)
    if (!homes.some((file) => declaresMember(sources.get(file) ?? "", member)))
      return `${head} has no member ${member}`;
  return undefined;
}

/** Inline code spans outside fenced blocks, with their line numbers. */
function spans(markdown: string): { span: string; line: number }[] {
  const found: { span: string; line: number }[] = [];
  let fenced = false;
  markdown.split("\n").forEach((text, i) => {
    if (text.trimStart().startsWith("```")) {
      fenced = !fenced;
      return;
    }
    if (fenced) return;
    for (const m of text.matchAll(/`([^`]+)`/g)) found.push({ span: m[1] as string, line: i + 1 });
  });
  return found;
}

describe("the docs name what exists", () => {
  for (const doc of [...DOCS, ...USER_DOCS]) {
    it(`${doc}: every file and symbol named in backticks exists`, () => {
      const markdown = readFileSync(join(ROOT, doc), "utf8");
      const all = spans(markdown);
      expect(all.length).toBeGreaterThan(20);
      const broken = all.flatMap(({ span, line }) => {
        const why = problem(span, USER_DOCS.includes(doc));
        return why === undefined ? [] : [`${doc}:${line} \`${span}\`: ${why}`];
      });
      expect(broken).toEqual([]);
    });
  }

  it("catches the names they used to teach", () => {
    expect(problem("defineRule()")).toBeUndefined();
    expect(problem("ctx.observedAt")).toBe("not exported from src/");
    expect(problem("src/engine.ts")).toBe("no such file");
    expect(problem("CheckContext.observedAt")).toBe("CheckContext has no member observedAt");
    expect(problem("CheckContext.today")).toBeUndefined();
    expect(problem("noSuchThing()")).toBe("not exported from src/");
    expect(problem("integration/faults")).toBeUndefined();
    expect(problem("unit/cache/store")).toBeUndefined();
    expect(problem("unit/atomic-write")).toBe("no such test");
    // In a user's doc: AWS's names and example paths pass, a code symbol that is gone does not.
    expect(problem("LookupEvents", true)).toBeUndefined();
    expect(problem("cluster/service", true)).toBeUndefined();
    expect(problem("configuredEndpointUrl", true)).toBe("not exported from src/");
    expect(problem("noSuchThing()", true)).toBe("not exported from src/");
    expect(problem("completion-zsh.ts", true)).toBeUndefined();
    expect(problem("completion-ksh.ts", true)).toBe("no such file");
    expect(problem("src/help/completion-ksh.ts", true)).toBe("no such file");
    expect(problem("unit/log", true)).toBe("no such test");
  });
});

describe("the README's cache section", () => {
  it("names every --script value `cache ls` and `cache clear` take, as the registry has them", () => {
    const readme = readFileSync(join(ROOT, "README.md"), "utf8");
    const listed = readme.match(/`--script` must be one of ([\w, ]+)\./)?.[1]?.split(", ");
    expect(listed).toEqual([...CACHE_SCRIPTS]);
  });
});
