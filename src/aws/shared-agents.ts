/**
 * One keep-alive HTTP agent and one HTTPS agent per CA bundle for the whole process, handed to
 * every SDK client. Each client would otherwise make its own agent, so in a sweep every account
 * opened new connections (and, against AWS, paid a TLS handshake per client) to the very
 * endpoint the previous account had just used. Requests carry their own signature and
 * credentials, so a connection may serve any account. Loaded only where a client is built.
 */
import { Agent as HttpAgent } from "node:http";
import { Agent as HttpsAgent } from "node:https";

/** The SDK's own default; `--concurrency` keeps far fewer in flight. */
const MAX_SOCKETS = 50;

let httpAgent: HttpAgent | undefined;
const httpsAgents = new Map<Buffer | undefined, HttpsAgent>();

export function sharedAgents(ca: Buffer | undefined): { httpAgent: HttpAgent; httpsAgent: HttpsAgent } {
  httpAgent ??= new HttpAgent({ keepAlive: true, maxSockets: MAX_SOCKETS });
  let httpsAgent = httpsAgents.get(ca);
  if (httpsAgent === undefined) {
    httpsAgent = new HttpsAgent({ keepAlive: true, maxSockets: MAX_SOCKETS, ...(ca === undefined ? {} : { ca }) });
    httpsAgents.set(ca, httpsAgent);
  }
  return { httpAgent, httpsAgent };
}
