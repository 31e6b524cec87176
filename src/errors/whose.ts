/**
 * Whose credentials a message is about: a profile's, or (`environment`) the keys exported in the
 * environment, which have no profile to configure or log in to.
 */
export interface Whose {
  profile: string;
  environment?: boolean | undefined;
}

/** `profile "x"`, or `the exported credentials (AWS_ACCESS_KEY_ID)`. */
export const whose = (p: Whose) =>
  p.environment ? "the exported credentials (AWS_ACCESS_KEY_ID)" : `profile "${p.profile}"`;

/** `credentials for profile "x"`, or `the exported credentials (AWS_ACCESS_KEY_ID)`. */
export const credentialsOf = (p: Whose) => (p.environment ? whose(p) : `credentials for ${whose(p)}`);

const configureHint = (profile: string) =>
  `refresh or fix the credentials of profile "${profile}" (for example \`aws configure --profile ${profile}\`)`;

/** How to fix credentials AWS refused. */
export const credentialsFix = (p: Whose & { sso: boolean }) =>
  p.environment
    ? "export fresh AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN (or pass --profile <name>)"
    : p.sso
      ? `run \`aws sso login --profile ${p.profile}\` and try again`
      : configureHint(p.profile);
