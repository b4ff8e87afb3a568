import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';

/**
 * One HTTP exchange with Vault. node:http(s) rather than global fetch: fetch cannot take a CA
 * bundle per client without undici's Agent, which this package does not depend on.
 */

export interface VaultHttpRequest {
  method: 'GET' | 'POST' | 'DELETE';
  url: URL;
  headers: Record<string, string>;
  body?: string;
  /** PEM CA bundle that signed Vault's certificate; the system's CAs when absent. */
  ca?: string;
  timeoutMs: number;
}

export interface VaultHttpResponse {
  status: number;
  text: string;
}

/** Why no answer came: a timeout, or a connection error's code (ECONNREFUSED, a TLS verification code…). */
export class VaultUnreachableError extends Error {
  constructor(
    readonly reason: string,
    readonly timedOut: boolean,
  ) {
    super(reason);
  }
}

export function sendVaultRequest(request: VaultHttpRequest): Promise<VaultHttpResponse> {
  const signal = AbortSignal.timeout(request.timeoutMs);
  const send = request.url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const fail = (error: NodeJS.ErrnoException) =>
      reject(
        signal.aborted
          ? new VaultUnreachableError(`no answer within ${request.timeoutMs} ms`, true)
          : new VaultUnreachableError(error.code ? `${error.code}: ${error.message}` : error.message, false),
      );
    const req = send(request.url, { method: request.method, headers: request.headers, ca: request.ca, signal }, res => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', fail);
    });
    req.on('error', fail);
    req.end(request.body);
  });
}

/** A failed Vault call: the message names the address, path, status and what to check; never a value. */
export class VaultRequestError extends Error {
  constructor(
    message: string,
    /** The HTTP status, absent when Vault did not answer. */
    readonly status?: number,
    /** The write's `cas` was not the secret's current version: someone wrote in between. */
    readonly checkAndSetMismatch = false,
  ) {
    super(message);
    this.name = 'VaultRequestError';
  }
}

export function parseJson(text: string): unknown {
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return undefined;
  }
}
