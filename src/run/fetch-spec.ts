/**
 * What a source asks the run for: one cached resource, fetched once per region. The types
 * live here, below both the sources (which declare specs) and the run (which fetches them),
 * so no import runs upward.
 */
import type { AwsClientProvider } from "../aws/provider.js";
import type { PageListener } from "../aws/paginate.js";
import type { Source, TimeWindow } from "../cache/store.js";
import type { CacheScript, Declared } from "../sources/registry.js";

export interface FetchSpec<T> {
  /** Declared in the source registry (sources/registry.ts), which `cache ls`/`cache clear` walk. */
  script: CacheScript;
  resource: Declared["resource"];
  params?: Record<string, unknown>;
  /** For windowed fetches: the absolute window `fetch` asks for, recorded in the envelope. */
  window?: TimeWindow;
  fetch(provider: AwsClientProvider, region: string, onPage: PageListener): Promise<T[]>;
}

/** One region's items of a spec, with the account its envelope names and where it came from. */
export interface RegionResult<T> {
  region: string;
  account: string | null;
  items: T[];
  source: Source;
}

/** A RegionResult whose items, on a cache hit, are read from the file as they are iterated. */
export interface StreamedRegionResult<T> extends Omit<RegionResult<T>, "items"> {
  items: Iterable<T>;
}
