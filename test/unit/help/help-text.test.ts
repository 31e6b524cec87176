/** Every command's --help ends with its record fields and two or three examples from the README. */
import { readFileSync } from "node:fs";
import type { Command } from "commander";
import { describe, expect, it } from "vitest";
import { buildProgram } from "../../../src/program.js";
import { EXAMPLES, OUTPUT_NOTES } from "../../../src/help/examples.js";
import { commandPath, wrapList, wrapText } from "../../../src/help/epilogue.js";
import { RECORD_FIELDS } from "../../../src/help/record-fields.js";
import { DOCS_URL } from "../../../src/help/docs-url.js";

const README = readFileSync(new URL("../../../README.md", import.meta.url), "utf8")
  // A command continued over lines with `\` counts as one line.
  .replace(/\\\n\s*/g, "");

function allCommands(cmd: Command): Command[] {
  return cmd.commands.filter((c) => c.name() !== "help").flatMap((c) => [c, ...allCommands(c)]);
}

function helpOf(cmd: Command): string {
  let text = "";
  cmd.configureOutput({ writeOut: (s) => (text += s) });
  cmd.outputHelp();
  return text;
}

const program = await buildProgram();
const commands = allCommands(program);
const leaves = commands.filter((c) => c.commands.length === 0);

describe("--help", () => {
  it.each(leaves.map((c) => [commandPath(c), c] as const))("of %s ends with 2 or 3 examples", (path, cmd) => {
    const examples = EXAMPLES[path];
    expect(examples, `add examples for "${path}" to src/help/examples.ts`).toBeDefined();
    expect(examples?.length).toBeGreaterThanOrEqual(2);
    expect(examples?.length).toBeLessThanOrEqual(3);
    const help = helpOf(cmd).trimEnd();
    expect(help.endsWith(["Examples:", ...(examples ?? []).map((e) => `  ${e}`)].join("\n"))).toBe(true);
  });

  it.each(leaves.map((c) => [commandPath(c), c] as const))("of %s names its record fields", (path, cmd) => {
    const help = helpOf(cmd);
    const fields = RECORD_FIELDS[path];
    if (fields === undefined) {
      expect(OUTPUT_NOTES[path], `"${path}" needs RECORD_FIELDS or an OUTPUT_NOTES line`).toBeDefined();
      expect(help.replace(/\n {2}/g, " ")).toContain(`Output: ${OUTPUT_NOTES[path]}`);
      return;
    }
    expect(help).toContain(`Record fields (${fields.type}`);
    for (const line of wrapList(fields.fields, "  ")) expect(help).toContain(line);
  });

  it("points at the docs by the repository's URL (an installed copy ships no docs/), and that page exists here", () => {
    const pkg = JSON.parse(readFileSync(new URL("../../../package.json", import.meta.url), "utf8")) as {
      repository: { url: string };
      homepage: string;
    };
    const repository = pkg.repository.url.replace(/^git\+/, "").replace(/\.git$/, "");
    expect(DOCS_URL).toBe(`${repository}/blob/main/docs`);
    expect(pkg.homepage.startsWith(repository)).toBe(true);
    const ec2 = commands.find((c) => commandPath(c) === "ec2 list") as Command;
    expect(helpOf(ec2)).toContain(`see ${DOCS_URL}/records.md`);
    for (const cmd of [program, ...commands]) expect(helpOf(cmd)).not.toMatch(/(?<!\/)docs\/records\.md/);
    expect(readFileSync(new URL("../../../docs/records.md", import.meta.url), "utf8")).toMatch(/^# /);
  });

  it("fits 80 columns, examples apart (a command line is copied whole), at the width commander wraps to", () => {
    const over = [program, ...commands].flatMap((cmd) => {
      const [text = ""] = helpOf(cmd).split("\nExamples:\n");
      return text.split("\n").flatMap((line) => (line.length > 80 ? [`${commandPath(cmd)}: ${line}`] : []));
    });
    expect(over).toEqual([]);
  });

  it("of every command group and of awstriage itself ends with examples too", () => {
    for (const cmd of [program, ...commands.filter((c) => c.commands.length > 0)]) {
      expect(helpOf(cmd).trimEnd(), commandPath(cmd)).toMatch(/\nExamples:\n( {2}.+\n){1,2} {2}.+$/);
    }
  });

  it("takes its examples from the README", () => {
    const missing = Object.values(EXAMPLES)
      .flat()
      .filter((example) => !README.includes(example));
    expect(missing).toEqual([]);
  });

  it("has no examples or fields for commands that do not exist", () => {
    const paths = new Set(["", ...commands.map(commandPath)]);
    expect(Object.keys(EXAMPLES).filter((p) => !paths.has(p))).toEqual([]);
    expect(Object.keys(RECORD_FIELDS).filter((p) => !paths.has(p))).toEqual([]);
  });
});

describe("wrapText", () => {
  it("keeps every line within the width and every word whole, the first line's lead apart", () => {
    const text = Array.from({ length: 40 }, (_, i) => `word${i}`).join(" ");
    const lines = wrapText(text, "Output: ", "  ", 40);
    expect(lines[0]?.startsWith("Output: word0 ")).toBe(true);
    expect(lines.slice(1).every((l) => l.startsWith("  w"))).toBe(true);
    expect(lines.every((l) => l.length <= 40)).toBe(true);
    expect(
      lines
        .join(" ")
        .replace(/Output: |\s+/g, " ")
        .trim(),
    ).toBe(text);
  });
});

describe("wrapList", () => {
  it("keeps every line within the width and every word whole", () => {
    const words = Array.from({ length: 30 }, (_, i) => `field${i}`);
    const lines = wrapList(words, "  ", 40);
    expect(lines.every((l) => l.length <= 40)).toBe(true);
    expect(lines.join(" ").replace(/\s+/g, " ").trim()).toBe(words.join(", "));
  });
});

describe("the README", () => {
  it("lists the record fields of every command as the record types have them", () => {
    const expected = Object.values(RECORD_FIELDS).map(
      (spec) => `**Fields** (\`${spec.type}\`): ${spec.fields.map((f) => `\`${f}\``).join(", ")}`,
    );
    expect(expected.filter((line) => !README.includes(line))).toEqual([]);
  });

  it("points to nothing a clone does not have", () => {
    expect(README).not.toMatch(/DESIGN\.md|shared\//);
  });
});
