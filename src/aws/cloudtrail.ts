/**
 * CloudTrail wrapper: LookupEvents for the write management events (ReadOnly=false) of a
 * window, paged to the end. AWS allows 2 LookupEvents requests per second per account and
 * region, so the pages of one provider (one account) in one region are spaced 500 ms apart.
 */
import { setTimeout as sleep } from "node:timers/promises";
import type { Event } from "@aws-sdk/client-cloudtrail";
import type { AwsClientProvider } from "./provider.js";
import type { PageListener } from "./paginate.js";

export type { Event as TrailEvent } from "@aws-sdk/client-cloudtrail";

/** AWS's LookupEvents limit: 2 requests a second per account and region. */
export const LOOKUP_SPACING_MS = 500;
/** LookupEvents answers at most 50 events a page. */
const PAGE_SIZE = 50;

/** The next moment a request may go, per provider (an account) and region. */
const nextSlot = new WeakMap<AwsClientProvider, Map<string, number>>();

async function paced(provider: AwsClientProvider, region: string): Promise<void> {
  const slots = nextSlot.get(provider) ?? new Map<string, number>();
  nextSlot.set(provider, slots);
  const now = Date.now();
  const at = Math.max(now, slots.get(region) ?? 0);
  slots.set(region, at + LOOKUP_SPACING_MS);
  if (at > now) await sleep(at - now);
}

export async function lookupWriteEvents(
  provider: AwsClientProvider,
  region: string,
  window: { startTime: Date; endTime: Date },
  onPage?: PageListener,
): Promise<Event[]> {
  const { LookupEventsCommand } = await import("@aws-sdk/client-cloudtrail");
  return provider.call("cloudtrail", region, "LookupEvents", async (client) => {
    const events: Event[] = [];
    let token: string | undefined;
    do {
      await paced(provider, region);
      const page = await client.send(
        new LookupEventsCommand({
          LookupAttributes: [{ AttributeKey: "ReadOnly", AttributeValue: "false" }],
          StartTime: window.startTime,
          EndTime: window.endTime,
          MaxResults: PAGE_SIZE,
          NextToken: token,
        }),
      );
      events.push(...(page.Events ?? []));
      onPage?.(events.length);
      token = page.NextToken || undefined;
    } while (token !== undefined);
    return events;
  });
}
