/**
 * Work done once per run and key: sources that gather at the same time and read the same
 * cached resource (the graph's ECS services and the changes' deployments; the changes' and
 * the timeline's alarm transitions) share one read, so nothing is fetched twice and a
 * failure is reported once.
 */
const runs = new WeakMap<object, Map<string, Promise<unknown>>>();

export function oncePerRun<T>(run: object, key: string, work: () => Promise<T>): Promise<T> {
  const done = runs.get(run) ?? new Map<string, Promise<unknown>>();
  runs.set(run, done);
  const seen = done.get(key);
  if (seen !== undefined) return seen as Promise<T>;
  const started = work();
  done.set(key, started);
  return started;
}
