import { KubeConfig } from '@kubernetes/client-node';
import http from 'node:http';
import https from 'node:https';
import tls from 'node:tls';

/*
 * The generated Kubernetes clients and client-node's watches build a new agent for every request, so
 * every call paid a new TCP connection and a full TLS handshake (about 10 ms of both sides' CPU on
 * localhost, more across a network), and every connection parsed the CA again. Calls and watches go
 * through shared agents instead, one per set of TLS settings and use:
 * - calls: keep-alive, at most CALL_SOCKETS connections; a burst of calls queues for a free
 *   connection rather than opening (and handshaking) one per call;
 * - watches: no cap (each watch holds its connection for minutes), but one TLS context and one
 *   session cache, so every watch after the first resumes the TLS session instead of a full handshake.
 * Credentials are headers (bearer token, impersonation), so one cluster's calls share one agent.
 */

/** The TLS settings that decide which connections a request may share. */
const TLS_SETTINGS = ['ca', 'cert', 'key', 'pfx', 'passphrase', 'rejectUnauthorized', 'servername'] as const;
/** What goes into the agent's one TLS context (parsed once, not per connection). */
const CONTEXT_SETTINGS = new Set<string>(['ca', 'cert', 'key', 'pfx', 'passphrase']);
/** Agents kept: one per cluster connection and use in practice; a bound, not a cache that grows with use. */
const MAX_AGENTS = 16;
/**
 * Connections one cluster's calls may hold. Calls are short: 32 keep the API server busy on any
 * machine, and a burst of 150 concurrent creates opens 32 connections instead of 150.
 */
export const CALL_SOCKETS = 32;

type Use = 'call' | 'watch';
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

/** What decides which connections a request may share: the agent's kind and TLS settings, and a key equal for equal ones. */
function settingsOf(agent: http.Agent | undefined): { kind: 'https' | 'http'; key: string; given: Record<string, unknown> } | undefined {
  const kind = agent && plainKind(agent);
  if (!agent || !kind) return undefined;
  const options = (agent as http.Agent & { options?: Record<string, unknown> }).options ?? {};
  return {
    kind,
    key: JSON.stringify([kind, ...TLS_SETTINGS.map(name => text(options[name]))]),
    given: Object.fromEntries(TLS_SETTINGS.filter(name => options[name] !== undefined).map(name => [name, options[name]])),
  };
}

/**
 * The TLS settings of an HTTPS agent the client built (CA, client certificate, verification), and a
 * key equal for equal settings; undefined for a plain-HTTP agent or a proxy's.
 */
export function tlsSettingsOf(agent: http.Agent | undefined): { key: string; options: tls.ConnectionOptions } | undefined {
  const settings = settingsOf(agent);
  return settings?.kind === 'https' ? { key: settings.key, options: settings.given as tls.ConnectionOptions } : undefined;
}

function sharedAgent(agent: http.Agent | undefined, use: Use): http.Agent | undefined {
  const settings = settingsOf(agent);
  if (!settings) return agent;
  const key = JSON.stringify([use, settings.key]);
  const known = agents.get(key);
  if (known) return known;
  const limits = use === 'call' ? { maxSockets: CALL_SOCKETS } : {};
  let created: http.Agent;
  if (settings.kind === 'https') {
    const entries = Object.entries(settings.given);
    const context = Object.fromEntries(entries.filter(([name]) => CONTEXT_SETTINGS.has(name)));
    const rest = Object.fromEntries(entries.filter(([name]) => !CONTEXT_SETTINGS.has(name)));
    created = new https.Agent({ ...rest, secureContext: tls.createSecureContext(context), keepAlive: true, ...limits });
  } else {
    created = new http.Agent({ keepAlive: true, ...limits });
  }
  if (agents.size >= MAX_AGENTS) {
    const [oldestKey, oldest] = agents.entries().next().value!;
    agents.delete(oldestKey);
    oldest.destroy();
  }
  agents.set(key, created);
  return created;
}

/**
 * The shared keep-alive agent for calls with the TLS settings of `agent` (the one the client built
 * for this request). A proxy's agent, or none, is used as it is.
 */
export function reusableAgent(agent: http.Agent | undefined): http.Agent | undefined {
  return sharedAgent(agent, 'call');
}

/** The shared agent for watches with the TLS settings of `agent`: uncapped, one TLS context and session cache. */
export function watchAgent(agent: http.Agent | undefined): http.Agent | undefined {
  return sharedAgent(agent, 'watch');
}

/**
 * `kubeConfig` with the shared watch agent in place of the one client-node builds per watch: for the
 * watches that cannot be multiplexed over HTTP/2 (multiplexedWatch.ts), each new one resumes the TLS
 * session instead of a full handshake.
 */
export function withWatchAgent(kubeConfig: KubeConfig): KubeConfig {
  const config = Object.create(kubeConfig) as KubeConfig;
  config.applyToFetchOptions = async opts => {
    const options = await kubeConfig.applyToFetchOptions(opts);
    return { ...options, agent: watchAgent(options.agent as http.Agent | undefined) as typeof options.agent };
  };
  return config;
}
