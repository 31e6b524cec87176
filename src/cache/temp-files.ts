/**
 * Temp files being written right now; cli.ts removes them on SIGINT so an interrupted run
 * leaves nothing. A module of its own so that cli.ts can reach it without loading the cache.
 */
export const pendingTempFiles = new Set<string>();
