/** How many AWS calls a run makes at once. */

export const DEFAULT_CONCURRENCY = 4;

/**
 * Calls in flight against one regional endpoint of one service, whatever `--concurrency` is.
 * Each (service, region) has one SDK client per run whose adaptive retry keeps one token
 * bucket for that endpoint; the bucket only starts slowing requests after a throttling
 * answer, so this bound keeps the burst before that answer small. Raising `--concurrency`
 * therefore widens the fan-out across regions and services, never the pressure on one endpoint.
 */
export const MAX_CALLS_PER_ENDPOINT = 2;
