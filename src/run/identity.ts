/**
 * Who the data belongs to: STS GetCallerIdentity, cached under sts/<identity>/global/.
 *
 * - Data fetched now is labelled with a fresh identity (`fresh`): STS is asked once per run,
 *   concurrently with the first data call, whatever the cache holds for it. Credentials may
 *   have changed accounts since the identity was cached.
 * - A cache hit is checked against the identity the run already knows (`known`, `isForeign`):
 *   the fresh one once asked, else the cached one, so a warm run asks STS nothing.
 * - What the context line, `--out` and `whoami` show (`forRun`) is asked once the data is
 *   in: the fresh identity if any data was fetched, else the cached one.
 */
import { cached, readEnvelope, type CacheKey, type CacheSettings, type Source } from "../cache/store.js";
import { cacheFilePath } from "../cache/paths.js";
import type { CallerIdentity } from "../aws/sts.js";
import type { Logger } from "../output/log.js";
import { foreignEntryProblem } from "../errors/causes.js";
import { fail } from "../errors/errors.js";

export interface Identity {
  account: string | null;
  arn: string | null;
  userId: string | null;
}

export interface IdentityDeps {
  cache: CacheSettings;
  /** The sts/caller-identity entry of this run's identity folder. */
  key: CacheKey;
  log: Logger;
  now(): number;
  /** GetCallerIdentity, through the run's provider. */
  ask(): Promise<CallerIdentity>;
}

const UNKNOWN: Identity = { account: null, arn: null, userId: null };

function toIdentity(id: CallerIdentity | undefined): Identity {
  return { account: id?.Account ?? null, arn: id?.Arn ?? null, userId: id?.UserId ?? null };
}

export class IdentityResolver {
  private freshPromise: Promise<Identity> | undefined;
  private cachedPromise: Promise<Identity | undefined> | undefined;

  constructor(private readonly deps: IdentityDeps) {}

  /** STS now (once per run), written to the cache for later warm runs. */
  fresh(): Promise<Identity> {
    this.freshPromise ??= this.through({ ...this.deps.cache, force: true });
    return this.freshPromise;
  }

  /** The cached identity of any age, read once; undefined when there is none or it is unusable. */
  cachedIdentity(): Promise<Identity | undefined> {
    this.cachedPromise ??= readEnvelope(cacheFilePath(this.deps.cache.root, this.deps.key), this.deps.now()).then(
      (outcome) =>
        outcome.kind === "hit" ? toIdentity(outcome.envelope.items[0] as CallerIdentity | undefined) : undefined,
    );
    return this.cachedPromise;
  }

  /** The identity the run knows without asking STS: the fresh one once asked (if it answered), else the cached one. */
  known(): Promise<Identity | undefined> {
    if (this.freshPromise === undefined) return this.cachedIdentity();
    return this.freshPromise.catch(() => this.cachedIdentity());
  }

  /**
   * The identity of the run, once its data is in (`sources`). When everything came from the
   * cache (or offline), the cached identity of any age is used, so a cache hit never needs AWS.
   */
  async forRun(sources: readonly Source[]): Promise<Identity> {
    if (this.freshPromise !== undefined) return this.freshPromise;
    const { cache } = this.deps;
    const everythingCached = sources.length > 0 && sources.every((s) => s.fromCache);
    if (cache.offline || (everythingCached && !cache.force)) {
      const identity = await this.cachedIdentity();
      if (identity !== undefined) return identity;
      // Offline without a cached identity: the data envelopes still name the account.
      if (cache.offline) return UNKNOWN;
    }
    // Nothing fetched (whoami): the cached identity while fresh, else STS.
    return this.through(cache);
  }

  /**
   * `whoami`'s identity: it is the command's data, so it goes through the cache like any
   * fetch, and offline with nothing cached it is exit 5 naming the file, as every other
   * command's miss is (never an all-null record). An assumed role (`--role-arn`, an
   * `--accounts` list or `org` member) names its account: offline with no cached identity,
   * that is the record's account rather than null.
   */
  async forWhoami(roleArn: string | undefined): Promise<Identity> {
    if (this.freshPromise !== undefined) return this.freshPromise;
    const account = /^arn:aws[a-z-]*:iam::(\d{12}):role\//.exec(roleArn ?? "")?.[1];
    if (this.deps.cache.offline && account !== undefined)
      return (await this.cachedIdentity()) ?? { ...UNKNOWN, account };
    return this.through(this.deps.cache);
  }

  /**
   * Whether a cache entry names another account than the identity the run knows (the
   * cached one on a warm run, so this asks STS nothing): it is not this account's data.
   * Online it is fetched again (a warning); offline it is missing (exit 5).
   */
  async isForeign(account: string | null, path: string, profile: string): Promise<boolean> {
    if (account === null) return false;
    const known = (await this.known())?.account ?? null;
    if (known === null || known === account) return false;
    const entry = { path, account, profile, known };
    if (this.deps.cache.offline) throw fail("OfflineForeignEntry", entry);
    this.deps.log.warn({ path }, `${foreignEntryProblem(entry)}; fetching again`);
    return true;
  }

  private async through(settings: CacheSettings): Promise<Identity> {
    const { key, log, now, ask } = this.deps;
    const result = await cached<CallerIdentity>(
      settings,
      key,
      async () => {
        const id = await ask();
        return { items: [id], account: id.Account ?? null };
      },
      log,
      now,
    );
    return toIdentity(result.items[0]);
  }
}

/** The account the data envelopes name (the first, by cache path), for when STS gives none. */
export function accountOfData(recorded: ReadonlyArray<{ source: Source; account: string | null }>): string | null {
  const named = recorded.filter((r) => r.account !== null);
  named.sort((a, b) => (a.source.path < b.source.path ? -1 : a.source.path > b.source.path ? 1 : 0));
  return named[0]?.account ?? null;
}
