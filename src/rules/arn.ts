/**
 * ARNs for findings: the record's own ARN where the API gave one, else built from account,
 * region and id. Without an account (an offline cache with no identity) there is no ARN.
 */

/** The partition a region belongs to: China and GovCloud have their own. */
export function partitionOf(region: string): string {
  if (region.startsWith("cn-")) return "aws-cn";
  if (region.startsWith("us-gov-")) return "aws-us-gov";
  if (region.startsWith("us-iso-")) return "aws-iso";
  if (region.startsWith("us-isob-")) return "aws-iso-b";
  return "aws";
}

export function buildArn(service: string, region: string, account: string | null, resource: string): string | null {
  if (account === null || account === "") return null;
  return `arn:${partitionOf(region)}:${service}:${region}:${account}:${resource}`;
}

export const instanceArn = (region: string, account: string | null, instanceId: string) =>
  buildArn("ec2", region, account, `instance/${instanceId}`);
export const functionArn = (region: string, account: string | null, functionName: string) =>
  buildArn("lambda", region, account, `function:${functionName}`);
export const alarmArn = (region: string, account: string | null, alarmName: string) =>
  buildArn("cloudwatch", region, account, `alarm:${alarmName}`);

/** DescribeLogGroups gives `arn:…:log-group:NAME:*`; the log group itself is the ARN without `:*`. */
export function logGroupArn(
  region: string,
  account: string | null,
  logGroupName: string,
  given: string | null,
): string | null {
  if (given !== null && given !== "") return given.endsWith(":*") ? given.slice(0, -2) : given;
  return buildArn("logs", region, account, `log-group:${logGroupName}`);
}
