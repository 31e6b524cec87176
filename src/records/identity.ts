import type { RecordBase } from "./base.js";

/** `whoami`: the identity the profile (or --role-arn) resolves to. */
export interface IdentityRecord extends RecordBase {
  arn: string | null;
  userId: string | null;
  profile: string;
}
