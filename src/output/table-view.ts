/** The TableView of a run: the terminal's width and colour, `--wide`, and how many regions are in play. */
import { colorEnabled } from "./style.js";
import { unicodeLocale } from "./sparkline.js";
import type { TableView } from "./table-fit.js";

export interface ViewStream {
  isTTY?: boolean | undefined;
  columns?: number | undefined;
}

export function tableView(
  options: { wide: boolean },
  regionCount: number,
  stream: ViewStream = process.stdout,
  env: NodeJS.ProcessEnv = process.env,
): TableView {
  return {
    width: stream.isTTY === true ? stream.columns || 80 : undefined,
    wide: options.wide,
    color: colorEnabled(stream, env),
    singleRegion: regionCount === 1,
    // Relative times on a terminal; --wide shows every time whole (ISO), as it cuts nothing.
    now: stream.isTTY === true && !options.wide ? Date.now() : undefined,
    unicode: unicodeLocale(env),
  };
}

const NOUNS: Readonly<Record<string, string>> = {
  "ec2 list": "instances",
  "ec2 status": "instances with failing checks or scheduled events",
  "lambda list": "functions",
  "lambda metrics": "functions",
  "cloudwatch alarms": "alarms",
  "cloudwatch metrics": "datapoints",
  "logs groups": "log groups",
  "logs search": "matching log events",
  "logs patterns": "error lines",
  "logs insights": "rows",
  triage: "findings",
};

/** What `emit` says on stderr (on a terminal) when a command found nothing: `no alarms in eu-west-1`. */
export function nothingFound(command: string, where: string): string {
  return `no ${NOUNS[command] ?? "records"} in ${where}`;
}

/** `eu-west-1`, `eu-west-1, us-east-1`, or `17 regions` past three. */
export function describeRegions(regions: readonly string[]): string {
  return regions.length <= 3 ? regions.join(", ") || "no region" : `${regions.length} regions`;
}
