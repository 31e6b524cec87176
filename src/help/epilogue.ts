/**
 * The end of every command's `--help`: the fields of the records it prints, then two or three
 * examples. Plain data (help/examples.ts, help/record-fields.ts): `--help` loads no zod and no SDK.
 */
import type { Command } from "commander";
import { EXAMPLES, OUTPUT_NOTES } from "./examples.js";
import { RECORD_FIELDS } from "./record-fields.js";
import { DOCS_URL } from "./docs-url.js";

/** `ec2 list` for the `list` command under `ec2`; "" for the program. */
export function commandPath(cmd: Command): string {
  const names: string[] = [];
  for (let current: Command | null = cmd; current?.parent; current = current.parent) names.unshift(current.name());
  return names.join(" ");
}

/** Words joined by ", " in lines of at most `width` characters, each indented. */
export function wrapList(words: readonly string[], indent: string, width = 80): string[] {
  const lines: string[] = [];
  let line = "";
  for (const [i, word] of words.entries()) {
    const piece = i < words.length - 1 ? `${word},` : word;
    if (line !== "" && indent.length + line.length + 1 + piece.length > width) {
      lines.push(indent + line);
      line = piece;
    } else line = line === "" ? piece : `${line} ${piece}`;
  }
  if (line !== "") lines.push(indent + line);
  return lines;
}

/**
 * Prose in lines of at most `width` characters, words kept whole: the first line starts with
 * `first`, the others with `rest` (a note's text under its opening parenthesis).
 */
export function wrapText(text: string, first: string, rest: string, width = 80): string[] {
  const lines: string[] = [];
  let line = first;
  for (const word of text.split(/\s+/).filter((w) => w !== "")) {
    const indent = lines.length === 0 ? first : rest;
    if (line.length > indent.length && line.length + 1 + word.length > width) {
      lines.push(line);
      line = `${rest}${word}`;
    } else line = line.length > indent.length ? `${line} ${word}` : `${line}${word}`;
  }
  lines.push(line);
  return lines;
}

export function epilogue(cmd: Command): string | undefined {
  const path = commandPath(cmd);
  const parts: string[] = [];
  const fields = RECORD_FIELDS[path];
  if (fields !== undefined) {
    parts.push(`Record fields (${fields.type}):`, ...wrapList(fields.fields, "  "));
    if (fields.note !== undefined) parts.push(...wrapText(`${fields.note})`, "  (", "   "));
    parts.push(`  see ${DOCS_URL}/records.md`);
  } else if (OUTPUT_NOTES[path] !== undefined) {
    parts.push(...wrapText(OUTPUT_NOTES[path], "Output: ", "  "));
  } else if (path !== "" && cmd.commands.length > 0) {
    const typed = cmd.commands
      .map((sub) => [sub.name(), RECORD_FIELDS[commandPath(sub)]?.type] as const)
      .filter(([, type]) => type !== undefined)
      .map(([name, type]) => `${name}: ${type}`);
    if (typed.length > 0)
      parts.push(
        ...wrapText(typed.join(", "), "Records: ", "  "),
        ...wrapText(`(their fields: \`awstriage ${path} <command> --help\`, or ${DOCS_URL}/records.md)`, "  ", "   "),
      );
  }
  const examples = EXAMPLES[path];
  if (examples !== undefined) {
    if (parts.length > 0) parts.push("");
    parts.push("Examples:", ...examples.map((e) => `  ${e}`));
  }
  return parts.length === 0 ? undefined : `\n${parts.join("\n")}`;
}

/** Adds the epilogue to every command that has one; call it once every module has registered. */
export function addHelpEpilogues(program: Command): void {
  const visit = (cmd: Command): void => {
    const text = epilogue(cmd);
    if (text !== undefined) cmd.addHelpText("after", text);
    cmd.commands.forEach(visit);
  };
  visit(program);
}
