/**
 * A real AWS API emulator for integration tests: `moto_server` on a free loopback port.
 * Where moto_server is missing the suite is skipped with a visible message, except under
 * CI=true, where a missing emulator is a failure.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";

export interface Moto {
  endpoint: string;
  port: number;
  /** Forget every resource (POST /moto-api/reset). */
  reset(): Promise<void>;
  stop(): Promise<void>;
}

export function motoAvailable(): boolean {
  return spawnSync("sh", ["-c", "command -v moto_server"], { stdio: "ignore" }).status === 0;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function waitUntilUp(endpoint: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`moto_server exited with code ${child.exitCode}`);
    try {
      const response = await fetch(`${endpoint}/moto-api/`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`moto_server did not answer at ${endpoint} within ${timeoutMs} ms`);
}

/**
 * Starts moto_server, or returns undefined (after saying so) when it is not installed and
 * this is not CI. Under CI=true a missing emulator throws, failing the suite.
 */
export async function startMoto(): Promise<Moto | undefined> {
  if (!motoAvailable()) {
    if (process.env.CI === "true")
      throw new Error("moto_server is not installed, and integration tests may not skip under CI=true");
    process.stderr.write(
      "\n*** moto_server not found: integration tests are SKIPPED (install moto 5: pip install 'moto[server]') ***\n\n",
    );
    return undefined;
  }
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort();
    const endpoint = `http://127.0.0.1:${port}`;
    const child = spawn("moto_server", ["-H", "127.0.0.1", "-p", String(port)], { stdio: "ignore" });
    try {
      await waitUntilUp(endpoint, child, 30_000);
    } catch (error) {
      child.kill("SIGKILL");
      if (attempt === 2) throw error;
      continue; // the port was taken between probing and binding; try another
    }
    return {
      endpoint,
      port,
      async reset() {
        await fetch(`${endpoint}/moto-api/reset`, { method: "POST" });
      },
      async stop() {
        if (child.exitCode !== null) return;
        const exited = new Promise((r) => child.once("exit", r));
        child.kill("SIGTERM");
        await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))]);
        if (child.exitCode === null) child.kill("SIGKILL");
      },
    };
  }
  throw new Error("unreachable");
}
