/** The source registry as a Markdown table: the README's and docs/records.md's "what the cache holds". */
import { SOURCES, sourceName } from "../../src/sources/registry.js";

export const SOURCE_TABLE_START =
  "<!-- source table: generated from src/sources/registry.ts (test/unit/sources/registry.test.ts) -->";
export const SOURCE_TABLE_END = "<!-- end of source table -->";

const code = (text: string) => `\`${text}\``;

export function renderSourceTable(): string {
  const rows = SOURCES.map((s) => {
    const triage = "triage" in s ? (s.triage.group === "catalogue" ? "catalogue names" : code(s.triage.group)) : "";
    const commands = s.commands.map(code).join(", ");
    return `| ${code(sourceName(s))} | ${s.service} ${s.api} | ${commands} | ${triage} | ${s.purpose} |`;
  });
  return [
    SOURCE_TABLE_START,
    "| cache folder / file | AWS call | printed by | `triage --sources` | what |",
    "| --- | --- | --- | --- | --- |",
    ...rows,
    SOURCE_TABLE_END,
  ].join("\n");
}

/** The table between the markers in `text`, or undefined when the markers are missing. */
export function sourceTableIn(text: string): string | undefined {
  const start = text.indexOf(SOURCE_TABLE_START);
  const end = text.indexOf(SOURCE_TABLE_END);
  return start < 0 || end < start ? undefined : text.slice(start, end + SOURCE_TABLE_END.length);
}

/** `text` with its table (or, when it has none, the end of the text) replaced by today's. */
export function withSourceTable(text: string): string {
  const current = sourceTableIn(text);
  return current === undefined ? text : text.replace(current, renderSourceTable());
}
