/** The shape of one source declaration of the registry (registry.ts). */
import type { TriageData } from "../rules/types.js";

/** What triage reads of a source. */
export interface TriageUse {
  /** The `triage --sources` name that gathers it; `catalogue`: the metric catalogue's names. */
  group: string;
  /** The key of TriageData its batches go under, which the rules name as their `source`. */
  data: keyof TriageData;
  /** How `awstriage rules` names these records (the command that prints them). */
  listedAs: string;
  /** False when another source's gatherer fetches it in the same flow (Lambda's metrics). */
  gathers?: boolean;
}

export interface SourceDeclaration {
  script: string;
  resource: string;
  service: string;
  /** The AWS operation(s) that fill the entry. */
  api: string;
  /** `module#export` under src/: the FetchSpec (or the function that builds it). */
  spec: string;
  /** `module#export` under src/: what turns a cached item into a record, when one does. */
  normalizer?: string;
  /** The commands that print its records (empty: only read by others, e.g. `--region all`). */
  commands: readonly string[];
  triage?: TriageUse;
  /** The metric catalogue's `--sources` name whose metrics are about this source's resources. */
  catalogue?: string;
  /** Why it is fetched, one line (the README's and docs/records.md's cache table). */
  purpose: string;
}
