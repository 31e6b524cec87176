/** Who a set of credentials is: STS GetCallerIdentity's answer, or an assumed role's own. */
export interface CallerIdentity {
  Account?: string | undefined;
  Arn?: string | undefined;
  UserId?: string | undefined;
}

/**
 * The identity AssumeRole's AssumedRoleUser gives: the same Arn (`arn:aws:sts::ACCOUNT:
 * assumed-role/ROLE/SESSION`) and UserId (`AROA…:SESSION`, its AssumedRoleId) that
 * GetCallerIdentity would return for the assumed credentials, and the account in that Arn.
 * Undefined when the answer lacks them (GetCallerIdentity is then asked as for any profile).
 */
export function assumedRoleIdentity(
  user: { Arn?: string | undefined; AssumedRoleId?: string | undefined } | undefined,
): CallerIdentity | undefined {
  const account = /^arn:aws[a-z-]*:sts::(\d{12}):assumed-role\//.exec(user?.Arn ?? "")?.[1];
  if (account === undefined || user?.AssumedRoleId === undefined) return undefined;
  return { Account: account, Arn: user.Arn, UserId: user.AssumedRoleId };
}
