/**
 * `--accounts org --org-role NAME`: the organization's active accounts (Organizations
 * ListAccounts with the base profile, paged, cached like any resource under
 * organizations/<identity>/global/accounts.json), each reached by assuming
 * `arn:aws:iam::<id>:role/NAME`; `--exclude-accounts` leaves some out.
 */
import type { Invocation } from "../run/invocation.js";
import { GLOBAL_REGION } from "../run/context.js";
import type { FetchSpec } from "../run/fetch-spec.js";
import { UsageError } from "../errors/errors.js";
import type { Target } from "./targets.js";

const ROLE_NAME_RE = /^[\w+=,.@-]{1,64}$/;
const ACCOUNT_RE = /^\d{12}$/;

interface OrgAccount {
  Id?: string | undefined;
  Name?: string | undefined;
  Status?: string | undefined;
  State?: string | undefined;
}

/** The organization's accounts, cached under organizations/<identity>/global/accounts.json. */
export const accountsSpec: FetchSpec<OrgAccount> = {
  script: "organizations",
  resource: "accounts",
  fetch: async (provider, _region, onPage) => (await import("../aws/organizations.js")).listAccounts(provider, onPage),
};

/** `--exclude-accounts 111111111111,222222222222`. */
export function parseExcluded(list: string | undefined): Set<string> {
  const ids = (list ?? "")
    .split(",")
    .map((id) => id.trim())
    .filter((id) => id !== "");
  for (const id of ids)
    if (!ACCOUNT_RE.test(id)) throw new UsageError(`--exclude-accounts: "${id}" is not a 12-digit account id`);
  return new Set(ids);
}

/** The targets of an organization sweep, ordered by account id, labelled with the account's name. */
export async function orgTargets(
  globals: { orgRole: string | undefined; excludeAccounts: string | undefined },
  /** Opens an invocation of the base profile (no role), once the flags are checked. */
  openBase: () => Invocation,
): Promise<Target[]> {
  const role = globals.orgRole;
  if (role === undefined || !ROLE_NAME_RE.test(role))
    throw new UsageError(
      role === undefined ? "--accounts org needs --org-role NAME" : `--org-role: "${role}" is not a role name`,
      "the role every member account has for awstriage, e.g. --org-role OrganizationAccountAccessRole",
    );
  const excluded = parseExcluded(globals.excludeAccounts);
  const run = openBase();
  try {
    const { items } = await run.cachedResource(accountsSpec, GLOBAL_REGION);
    // `State` is the newer field; `Status` is still answered (and all an older answer has).
    const active = items.filter((a) => (a.State ?? a.Status) === "ACTIVE" && ACCOUNT_RE.test(a.Id ?? ""));
    return active
      .filter((a) => !excluded.has(a.Id as string))
      .sort((a, b) => ((a.Id as string) < (b.Id as string) ? -1 : 1))
      .map((a) => ({
        kind: "role",
        roleArn: `arn:aws:iam::${a.Id}:role/${role}`,
        account: a.Id as string,
        label: a.Name?.replace(/\p{Cc}/gu, " ").slice(0, 128) || null,
      }));
  } finally {
    run.stopProgress();
  }
}
