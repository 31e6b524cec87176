/** What changed, and when (issue 23): from CloudTrail and from the records awstriage already has. */

/** One change to one resource. */
export interface Change {
  /** When it happened (ISO). */
  at: string;
  /** The resource's name, id or ARN, as the source gives it. */
  resource: string;
  /** The API call (`UpdateFunctionCode`) or what the record says changed (`function updated`). */
  what: string;
  /** Who made it (CloudTrail's Username); null where the source does not say. */
  who: string | null;
  /** Where it was seen: `cloudtrail`, `lambda`, `ec2`, `ecs` or `cloudwatch`. */
  source: string;
}

/** A change beside a finding, with a line for people (`… by deploy-bot, 2m before errors began`). */
export interface FindingChange extends Change {
  summary: string;
}

/** One state transition of an alarm (CloudWatch DescribeAlarmHistory, StateUpdate). */
export interface AlarmTransition {
  /** When (ISO). */
  at: string;
  alarmName: string;
  /** The state before and after (`OK`, `ALARM`, `INSUFFICIENT_DATA`); null when the history does not say. */
  from: string | null;
  to: string | null;
  /** CloudWatch's reason for the new state (`Threshold Crossed: …`), else its summary. */
  reason: string | null;
}
