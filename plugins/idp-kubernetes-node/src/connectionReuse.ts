import http from 'node:http';
import https from 'node:https';

/*
 * The generated Kubernetes clients build a new agent for every request, so every call paid a new
 * TCP connection and TLS handshake (about 10 ms of both sides' CPU on localhost, more across a
 * network). Calls go through one keep-alive agent per set of TLS settings instead. Credentials are
 * headers (bearer token, impersonation), so one cluster's calls share one agent and its sockets.
 */

/** The TLS settings that decide which connections a request may share. */
const TLS_SETTINGS = ['ca', 'cert', 'key', 'pfx', 'passphrase', 'rejectUnauthorized', 'servername'] as const;
/** Agents kept: one per cluster connection in practice; a bound, not a cache that grows with use. */
const MAX_AGENTS = 16;

const agents = new Map<string, http.Agent>();

function text(value: unknown): unknown {
  if (Buffer.isBuffer(value)) return value.toString('base64');
  if (Array.isArray(value)) return value.map(text);
  return value;
}

/** Which of the two plain agents this is; undefined for anything else (a proxy's agent). */
function plainKind(agent: http.Agent): 'https' | 'http' | undefined {
  if (agent.constructor === https.Agent) return 'https';
  if (agent.constructor === http.Agent) return 'http';
  return undefined;
}

/**
 * A keep-alive agent with the TLS settings of `agent` (the one the client built for this request),
 * the same one for every request with those settings. A proxy's agent, or none, is used as it is.
 */
export function reusableAgent(agent: http.Agent | undefined): http.Agent | undefined {
  const plain = agent && plainKind(agent);
  if (!agent || !plain) return agent;
  const options = (agent as http.Agent & { options?: Record<string, unknown> }).options ?? {};
  const key = JSON.stringify([plain, ...TLS_SETTINGS.map(name => text(options[name]))]);
  const known = agents.get(key);
  if (known) return known;
  const settings = Object.fromEntries(TLS_SETTINGS.filter(name => options[name] !== undefined).map(name => [name, options[name]]));
  const created = plain === 'https' ? new https.Agent({ ...settings, keepAlive: true }) : new http.Agent({ keepAlive: true });
  if (agents.size >= MAX_AGENTS) {
    const [oldestKey, oldest] = agents.entries().next().value!;
    agents.delete(oldestKey);
    oldest.destroy();
  }
  agents.set(key, created);
  return created;
}
