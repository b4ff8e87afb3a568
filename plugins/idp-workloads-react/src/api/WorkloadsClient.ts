import { DiscoveryApi, FetchApi } from '@backstage/frontend-plugin-api';
import { ResponseError } from '@backstage/errors';
import type {
  AppEnvironmentWorkloads,
  EnvironmentMetrics,
  EnvironmentRed,
  EnvironmentStatus,
  EnvironmentStatusSummary,
  EventView,
  ItemsResponse,
  LogFollowEnd,
  LogLine,
  LogRequest,
  PodLog,
  ScaleDeploymentRequest,
} from '@internal/plugin-idp-workloads-common';
import { WorkloadsApi } from './WorkloadsApi';

const enc = encodeURIComponent;

function logQuery(request: LogRequest, follow: boolean): string {
  const params = new URLSearchParams({ pod: request.pod });
  if (request.container) params.set('container', request.container);
  if (request.tailLines !== undefined) params.set('tailLines', String(request.tailLines));
  if (request.previous) params.set('previous', 'true');
  if (request.search?.trim()) params.set('search', request.search.trim());
  if (follow) params.set('follow', 'true');
  if (request.sinceTime) params.set('sinceTime', request.sinceTime);
  return params.toString();
}

const isAbort = (error: unknown, signal: AbortSignal) => signal.aborted || (error as Error)?.name === 'AbortError';

/** Parses NDJSON as it arrives: complete lines go to `onLine`, a partial one waits for the next chunk. */
export class NdjsonLines {
  private partial = '';
  /** The follow's last record, when the backend said why it ended. */
  ended?: LogFollowEnd;

  constructor(private readonly onLine: (line: LogLine) => void) {}

  push(text: string): void {
    const lines = (this.partial + text).split('\n');
    this.partial = lines.pop() ?? '';
    for (const line of lines) this.emit(line);
  }

  end(): void {
    this.emit(this.partial);
    this.partial = '';
  }

  private emit(line: string) {
    if (!line.trim()) return;
    const record = JSON.parse(line) as LogLine | LogFollowEnd;
    if ('end' in record) this.ended = record;
    else this.onLine(record);
  }
}

export class WorkloadsClient implements WorkloadsApi {
  private readonly discoveryApi: DiscoveryApi;
  private readonly fetchApi: FetchApi;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi;
  }

  async listEnvironmentStatuses(): Promise<EnvironmentStatusSummary[]> {
    return (await this.call<ItemsResponse<EnvironmentStatusSummary>>('GET', '/environments')).items;
  }

  getEnvironmentStatus(namespace: string): Promise<EnvironmentStatus> {
    return this.call('GET', `/environments/${enc(namespace)}`);
  }

  async listEvents(namespace: string, options: { object?: string } = {}): Promise<EventView[]> {
    const query = options.object ? `?${new URLSearchParams({ object: options.object })}` : '';
    return (await this.call<ItemsResponse<EventView>>('GET', `/environments/${enc(namespace)}/events${query}`)).items;
  }

  getMetrics(namespace: string): Promise<EnvironmentMetrics> {
    return this.call('GET', `/environments/${enc(namespace)}/metrics`);
  }

  getRequestMetrics(namespace: string): Promise<EnvironmentRed> {
    return this.call('GET', `/environments/${enc(namespace)}/red`);
  }

  getLogs(namespace: string, request: LogRequest): Promise<PodLog> {
    return this.call('GET', `/environments/${enc(namespace)}/logs?${logQuery(request, false)}`);
  }

  async followLogs(namespace: string, request: LogRequest, options: { onLine: (line: LogLine) => void; signal: AbortSignal }): Promise<LogFollowEnd | undefined> {
    const { onLine, signal } = options;
    const url = `${await this.baseUrl()}/environments/${enc(namespace)}/logs?${logQuery(request, true)}`;
    let response: Response;
    try {
      response = await this.fetchApi.fetch(url, { method: 'GET', headers: { accept: 'application/x-ndjson' }, signal });
    } catch (error) {
      if (isAbort(error, signal)) return undefined;
      throw error;
    }
    if (!response.ok) throw await ResponseError.fromResponse(response);
    const lines = new NdjsonLines(onLine);
    if (!response.body) {
      // No stream to read (an old browser or a test double): the whole body at once.
      lines.push(await response.text());
      lines.end();
      return lines.ended;
    }
    const reader = response.body.getReader();
    const decoder = new TextDecoder();
    const stop = () => reader.cancel().catch(() => {});
    signal.addEventListener('abort', stop);
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done || signal.aborted) break;
        lines.push(decoder.decode(value, { stream: true }));
      }
      if (!signal.aborted) {
        lines.push(decoder.decode());
        lines.end();
      }
    } catch (error) {
      if (!isAbort(error, signal)) throw error;
    } finally {
      signal.removeEventListener('abort', stop);
    }
    return lines.ended;
  }

  async scaleDeployment(namespace: string, name: string, replicas: number): Promise<void> {
    await this.call('POST', `/environments/${enc(namespace)}/deployments/${enc(name)}/scale`, { replicas } satisfies ScaleDeploymentRequest);
  }

  async restartDeployment(namespace: string, name: string): Promise<void> {
    await this.call('POST', `/environments/${enc(namespace)}/deployments/${enc(name)}/restart`, {});
  }

  async deletePod(namespace: string, pod: string): Promise<void> {
    await this.call('DELETE', `/environments/${enc(namespace)}/pods/${enc(pod)}`);
  }

  async getAppWorkloads(team: string, app: string): Promise<AppEnvironmentWorkloads[]> {
    return (await this.call<ItemsResponse<AppEnvironmentWorkloads>>('GET', `/apps/${enc(team)}/${enc(app)}`)).items;
  }

  private baseUrl(): Promise<string> {
    return this.discoveryApi.getBaseUrl('idp-workloads');
  }

  /** One request; a non-2xx answer becomes a ResponseError, 202 and 204 resolve whatever the body. */
  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await this.fetchApi.fetch(`${await this.baseUrl()}${path}`, {
      method,
      ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
    });
    if (!response.ok) throw await ResponseError.fromResponse(response);
    if (response.status === 204) return undefined as T;
    return (await response.json()) as T;
  }
}
