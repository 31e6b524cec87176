/**
 * Preloaded with `node --import` by tests that need the CLI to believe it writes to a terminal
 * of a given width: stdout and stderr say isTTY (as a real terminal does) and have
 * AWSTRIAGE_TEST_COLUMNS columns. The bytes still go to the test's pipes, so they can be read.
 */
const columns = Number(process.env.AWSTRIAGE_TEST_COLUMNS ?? "80");
for (const stream of [process.stdout, process.stderr]) {
  Object.defineProperty(stream, "isTTY", { value: true, configurable: true });
  Object.defineProperty(stream, "columns", { value: columns, configurable: true });
}
