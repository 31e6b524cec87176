/** EC2 rules over `ec2 status` records. */
import type { InstanceStatusRecord } from "../records.js";
import { isOpenEvent } from "../normalize/ec2.js";
import { instanceArn } from "./arn.js";
import type { Finding, RuleContext } from "./types.js";
import { compareText } from "../normalize/order.js";

const IMPAIRED = "impaired";

function base(record: InstanceStatusRecord, ctx: RuleContext) {
  return {
    resourceType: "ec2:instance",
    resourceId: record.instanceId,
    arn: instanceArn(record.region, record.account, record.instanceId),
    account: record.account,
    region: record.region,
    observedAt: ctx.observedAt,
  };
}

/** `ec2.status-impaired` (high): the system or the instance status check is impaired. */
export function statusImpaired(records: readonly InstanceStatusRecord[], ctx: RuleContext): Finding[] {
  return records
    .filter((r) => r.systemStatus === IMPAIRED || r.instanceStatus === IMPAIRED)
    .map((r): Finding => {
      const failed = [r.systemStatus === IMPAIRED ? "system" : null, r.instanceStatus === IMPAIRED ? "instance" : null]
        .filter(Boolean)
        .join(" and ");
      return {
        ruleId: "ec2.status-impaired",
        severity: "high",
        title: `Instance ${r.instanceId}: ${failed} status check impaired`,
        ...base(r, ctx),
        evidence: { state: r.state, systemStatus: r.systemStatus, instanceStatus: r.instanceStatus },
      };
    });
}

/** `ec2.scheduled-event` (medium): one finding per instance with pending scheduled events. */
export function scheduledEvent(records: readonly InstanceStatusRecord[], ctx: RuleContext): Finding[] {
  const findings: Finding[] = [];
  for (const r of records) {
    const pending = r.events.filter(isOpenEvent);
    if (pending.length === 0) continue;
    const first = [...pending].sort((a, b) => compareText(a.notBefore ?? "", b.notBefore ?? ""))[0];
    findings.push({
      ruleId: "ec2.scheduled-event",
      severity: "medium",
      title: `Instance ${r.instanceId}: scheduled ${pending.map((e) => e.code).join(", ")}${first?.notBefore ? ` from ${first.notBefore}` : ""}`,
      ...base(r, ctx),
      evidence: {
        events: pending.map((e) => ({
          code: e.code,
          description: e.description,
          notBefore: e.notBefore,
          notAfter: e.notAfter,
          // What a person needs to reschedule it (ModifyInstanceEventStartTime), and by when.
          eventId: e.eventId,
          notBeforeDeadline: e.notBeforeDeadline,
        })),
      },
    });
  }
  return findings;
}
