import { InputError, NotAllowedError, NotFoundError } from '@backstage/errors';
import { ClusterAccess, Impersonation } from '@internal/plugin-idp-kubernetes-node';
import { LogLine } from '@internal/plugin-idp-workloads-common';
import { BoundedLineSplitter, DEFAULT_LOG_FOLLOW_LIMITS } from './logFollows';
import { parseLogLines } from './logLines';
import { LogQuery } from './logQuery';

function logPath(namespace: string, query: LogQuery): string {
  const params = new URLSearchParams({ timestamps: 'true', tailLines: String(query.tailLines) });
  if (query.container) params.set('container', query.container);
  if (query.previous) params.set('previous', 'true');
  if (query.follow) params.set('follow', 'true');
  if (query.sinceTime) params.set('sinceTime', query.sinceTime);
  return `/api/v1/namespaces/${encodeURIComponent(namespace)}/pods/${encodeURIComponent(query.pod)}/log?${params}`;
}

/** The API server's refusal of a log request, with its own message, as a Backstage error. */
async function refusal(status: number, body: string, what: string): Promise<Error> {
  let message = body;
  try {
    message = (JSON.parse(body) as { message?: string }).message ?? body;
  } catch {
    // Not a Status object: keep the text.
  }
  const text = `${what}: ${message}`;
  if (status === 403) return new NotAllowedError(`${text} (Kubernetes RBAC refused it)`);
  if (status === 404) return new NotFoundError(text);
  if (status === 400) return new InputError(text);
  return new Error(text);
}

/**
 * A pod's logs, read as the user: the last lines, or a live stream of new ones. Lines carry the
 * kubelet's timestamps; a search keeps only matching lines, also while following.
 */
export class PodLogs {
  constructor(
    private readonly cluster: ClusterAccess,
    private readonly maxLineBytes = DEFAULT_LOG_FOLLOW_LIMITS.maxLineBytes,
  ) {}

  async tail(who: Impersonation, namespace: string, query: LogQuery): Promise<LogLine[]> {
    const response = await this.cluster.fetchAsUser(logPath(namespace, { ...query, follow: false }), who);
    const body = await response.text();
    if (!response.ok) throw await refusal(response.status, body, `Reading the logs of ${query.pod}`);
    return parseLogLines(body, { search: query.search });
  }

  /**
   * Streams lines until `signal` aborts or the container stops; `onLine` gets each matching line.
   * Resolves when the stream ends.
   */
  async follow(who: Impersonation, namespace: string, query: LogQuery, onLine: (line: LogLine) => void, signal: AbortSignal): Promise<void> {
    const response = await this.cluster.fetchAsUser(logPath(namespace, { ...query, follow: true }), who, { signal });
    if (!response.ok) throw await refusal(response.status, await response.text(), `Following the logs of ${query.pod}`);
    const lines = new BoundedLineSplitter(this.maxLineBytes);
    const emit = (raw: string[]) => {
      if (raw.length) for (const line of parseLogLines(raw.join('\n'), { search: query.search })) onLine(line);
    };
    try {
      for await (const chunk of response.body as AsyncIterable<Buffer>) emit(lines.push(chunk.toString('utf8')));
    } catch (error) {
      if (!signal.aborted) throw error;
    }
    if (!signal.aborted) emit(lines.flush());
  }
}
