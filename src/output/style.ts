/**
 * Colour for severities and states in tables on a terminal. The few SGR codes are written
 * here: `util.styleText` in Node 20 adds them whatever the stream is, and a dependency for
 * three colours is not worth it.
 *
 * `FORCE_COLOR` (any value but `0` or `false`) turns colour on, even into a pipe, as Node
 * itself reads it; otherwise `NO_COLOR` (any non-empty value) turns it off; otherwise only a
 * terminal (not `TERM=dumb`) gets colour, and a pipe or a file never does.
 */
export type Style = "red" | "yellow" | "dim";

const SGR: Readonly<Record<Style, readonly [string, string]>> = {
  red: ["\x1b[31m", "\x1b[39m"],
  yellow: ["\x1b[33m", "\x1b[39m"],
  dim: ["\x1b[2m", "\x1b[22m"],
};

export function colorEnabled(stream: { isTTY?: boolean | undefined }, env: NodeJS.ProcessEnv = process.env): boolean {
  const force = env.FORCE_COLOR;
  if (force !== undefined) return force !== "0" && force !== "false";
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== "") return false;
  return stream.isTTY === true && env.TERM !== "dumb";
}

/** `text` (already terminal-safe) wrapped in the style's codes. */
export function paint(text: string, style: Style | undefined): string {
  if (style === undefined || text === "") return text;
  const [open, close] = SGR[style];
  return `${open}${text}${close}`;
}

const SEVERITY_STYLES: Readonly<Record<string, Style>> = { critical: "red", high: "red", medium: "yellow", low: "dim" };

/** critical/high red, medium yellow, low dim; info plain. */
export function severityStyle(severity: string): Style | undefined {
  return SEVERITY_STYLES[severity];
}

/** The style of a table cell, by its column and value: severities, alarm states, failed status checks. */
export function cellStyle(column: string, value: string): Style | undefined {
  switch (column) {
    case "severity":
      return severityStyle(value.split("→").at(-1) ?? value);
    case "stateValue":
      return value === "ALARM" ? "red" : value === "INSUFFICIENT_DATA" ? "yellow" : undefined;
    case "systemStatus":
    case "instanceStatus":
      return value === "impaired" ? "red" : value === "insufficient-data" ? "yellow" : undefined;
    default:
      return undefined;
  }
}
