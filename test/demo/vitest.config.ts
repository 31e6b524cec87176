/** `npm run demo:regenerate`: rebuilds the shipped demo cache from moto (not part of `npm test`). */
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    root: new URL("../..", import.meta.url).pathname,
    include: ["test/demo/*.demo.ts"],
    testTimeout: 120_000,
    hookTimeout: 60_000,
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" },
  },
});
