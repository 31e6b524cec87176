/**
 * Endpoints that never answer, on loopback only: a port nobody listens on, a server that
 * accepts connections and then says nothing, and a listener whose accept queue is full, so
 * a new connection never completes (the kernel drops its SYNs).
 */
import { spawn } from "node:child_process";
import { connect, createServer, type Socket } from "node:net";
import { createInterface } from "node:readline";
import { freePort } from "./moto.js";

export interface Endpoint {
  endpoint: string;
  close(): Promise<void>;
}

/** A loopback port with nothing listening (connections are refused). */
export async function closedPort(): Promise<string> {
  return `http://127.0.0.1:${await freePort()}`;
}

/** Accepts every connection and never writes a byte. */
export async function silentServer(): Promise<Endpoint & { connections(): number }> {
  const sockets = new Set<Socket>();
  let accepted = 0;
  const server = createServer((socket) => {
    accepted += 1;
    sockets.add(socket);
    socket.on("error", () => undefined);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address !== null ? address.port : 0;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    connections: () => accepted,
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * A listener that never accepts (Node always accepts, so it is a tiny python3 process, which
 * every machine with moto_server has), with its accept queue filled by our own sockets:
 * a client's connection attempt then hangs until its connect timeout.
 */
export async function fullBacklogListener(): Promise<Endpoint> {
  const script =
    "import socket,sys,time\ns=socket.socket()\ns.bind(('127.0.0.1',0))\ns.listen(0)\nprint(s.getsockname()[1],flush=True)\nsys.stdin.read()";
  const child = spawn("python3", ["-c", script], { stdio: ["pipe", "pipe", "inherit"] });
  const port = await new Promise<number>((resolve, reject) => {
    child.once("error", reject);
    createInterface({ input: child.stdout! }).once("line", (line) => resolve(Number(line)));
  });
  const fillers: Socket[] = [];
  for (let i = 0; i < 4; i++) fillers.push(connect(port, "127.0.0.1").on("error", () => undefined));
  // Bounded wait until the queue is full: some fillers stay connecting for good.
  for (let i = 0; i < 50 && !fillers.some((s) => s.connecting === false); i++)
    await new Promise((r) => setTimeout(r, 20));
  return {
    endpoint: `http://127.0.0.1:${port}`,
    async close() {
      for (const socket of fillers) socket.destroy();
      child.stdin?.end();
      child.kill("SIGTERM");
    },
  };
}
