/** `awstriage timeline RESOURCE`: one resource's events, in time order. */
export interface TimelineEvent {
  /** When (ISO). */
  at: string;
  /** `onset`, `peak`, `alarm`, `change`, `first-error` or `latest-error`. */
  kind: string;
  /** The resource the event is about (the one asked for, an alarm watching it, its log group). */
  resource: string;
  summary: string;
  /** What the event was read from: a finding's rule and trend, an alarm's state, a change, a log line. */
  evidence: Record<string, unknown>;
}
