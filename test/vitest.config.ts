import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    root: new URL("..", import.meta.url).pathname,
    include: ["test/**/*.test.ts"],
    // One temp root per run; fails the run if a test leaves anything in it.
    globalSetup: ["test/global-setup.ts"],
    // Integration files each start their own moto_server; two cores, so two at a time.
    pool: "forks",
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 60_000,
    restoreMocks: true,
    // The SDK's "Node 22 needed from 2027" notice would drown the test output under Node 20.
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" },
  },
});
