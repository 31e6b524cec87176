/** A valid cache envelope for tests (and the benchmark's synthetic entries); override what matters. */
import { CACHE_SCHEMA_VERSION, type Envelope } from "../../src/cache/store.js";

export function testEnvelope(overrides: Partial<Envelope> = {}): Envelope {
  return {
    schemaVersion: CACHE_SCHEMA_VERSION,
    script: "ec2",
    resource: "instances",
    profile: "p",
    account: "123456789012",
    region: "us-east-1",
    params: {},
    fetchedAt: new Date().toISOString(),
    awstriageVersion: "0.0.0",
    items: [],
    ...overrides,
  };
}
