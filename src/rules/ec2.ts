/** EC2 rules over `ec2 status` records. */
import type { InstanceStatusRecord } from "../records/index.js";
import { isOpenEvent } from "../normalize/ec2.js";
import { instanceArn } from "./arn.js";
import { compareText } from "../normalize/order.js";
import { defineRule, type ResourceRef } from "./rule.js";

const IMPAIRED = "impaired";

/** `i-0abc (batch-1)`: the id findings key on, with the Name tag a person knows it by. */
const named = (resource: ResourceRef, name: unknown) =>
  name ? `${resource.resourceId} (${name})` : resource.resourceId;

function instance(record: InstanceStatusRecord): ResourceRef {
  return {
    resourceId: record.instanceId,
    arn: instanceArn(record.region, record.account, record.instanceId),
    account: record.account,
    region: record.region,
  };
}

export const statusImpaired = defineRule({
  id: "ec2.status-impaired",
  summary: "the system, instance or attached-EBS status check is impaired",
  resourceType: "ec2:instance",
  source: "instanceStatuses",
  check: (records) =>
    records
      .filter((r) => r.systemStatus === IMPAIRED || r.instanceStatus === IMPAIRED || r.ebsStatus === IMPAIRED)
      .map((r) => ({
        resource: instance(r),
        evidence: {
          state: r.state,
          systemStatus: r.systemStatus,
          instanceStatus: r.instanceStatus,
          ebsStatus: r.ebsStatus,
          impairedSince: r.impairedSince,
          name: r.name,
        },
      })),
  severity: "high",
  title: (e, resource) =>
    `Instance ${named(resource, e.name)}: ${[
      e.systemStatus === IMPAIRED ? "system" : null,
      e.instanceStatus === IMPAIRED ? "instance" : null,
      e.ebsStatus === IMPAIRED ? "attached-EBS" : null,
    ]
      .filter(Boolean)
      .join(" and ")} status check impaired`,
});

export const scheduledEvent = defineRule({
  id: "ec2.scheduled-event",
  summary: "an instance has a scheduled event that has not completed (retirement, reboot, maintenance)",
  resourceType: "ec2:instance",
  source: "instanceStatuses",
  check: (records) => {
    const matches = [];
    for (const r of records) {
      const pending = r.events.filter((e) => isOpenEvent(e));
      if (pending.length === 0) continue;
      const events = pending.map((e) => ({
        code: e.code,
        description: e.description,
        notBefore: e.notBefore,
        notAfter: e.notAfter,
        // What a person needs to reschedule it (ModifyInstanceEventStartTime), and by when.
        eventId: e.eventId,
        notBeforeDeadline: e.notBeforeDeadline,
      }));
      matches.push({ resource: instance(r), evidence: { events, name: r.name } });
    }
    return matches;
  },
  severity: "medium",
  title: (e, resource) => {
    const first = [...e.events].sort((a, b) => compareText(a.notBefore ?? "", b.notBefore ?? ""))[0];
    return `Instance ${named(resource, e.name)}: scheduled ${e.events.map((x) => x.code).join(", ")}${first?.notBefore ? ` from ${first.notBefore}` : ""}`;
  },
});
