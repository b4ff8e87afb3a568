/** Kinds of Backstage errors by status, for answers whose body names none (a proxy's page, an empty body). */
const KIND_BY_STATUS: Record<number, string> = {
  400: 'InputError',
  401: 'AuthenticationError',
  403: 'NotAllowedError',
  404: 'NotFoundError',
  409: 'ConflictError',
  413: 'InputError',
  503: 'ServiceUnavailableError',
};

/** What a person can do about each kind of refusal, after the server's own words. */
function advice(kind: string, status: number): string | undefined {
  if (status === 413) return 'The values are too large for one request: a secret holds at most 900 KiB';
  if (kind === 'AuthenticationError') return 'Your session has ended: reload the page and sign in again';
  if (kind === 'NotFoundError') return 'It may have been deleted, or belong to another team: reload the page';
  if (status >= 500) return 'The secrets service could not finish: try again in a minute, and tell the platform team if it keeps failing';
  return undefined;
}

/**
 * A failed secrets request, for people: `message` is the server's message (written for users:
 * it says what was wrong and who may act) plus what to do where it does not say; an InputError's
 * `field: problem; …` parts are also kept by field for the form to place them.
 */
export class SecretsRequestError extends Error {
  readonly statusCode: number;
  /** The Backstage error name: InputError, NotAllowedError, NotFoundError, ConflictError… */
  readonly kind: string;
  /** The server's message as sent. */
  readonly serverMessage: string;
  /** From an InputError: field (e.g. `set.DB_URL`, `rotation.everyDays`) → problem. */
  readonly fields: Record<string, string>;

  constructor(options: { statusCode: number; kind: string; serverMessage: string }) {
    const { statusCode, kind, serverMessage } = options;
    const more = advice(kind, statusCode);
    super(more ? `${serverMessage.replace(/[.;\s]*$/, '')}. ${more}` : serverMessage);
    this.name = 'SecretsRequestError';
    this.statusCode = statusCode;
    this.kind = kind;
    this.serverMessage = serverMessage;
    this.fields = kind === 'InputError' ? fieldProblems(serverMessage) : {};
  }

  /** Reads a Backstage JSON error (`{error: {name, message}}`), or whatever else a non-2xx answer holds. */
  static async fromResponse(response: Response): Promise<SecretsRequestError> {
    const text = await response.text().catch(() => '');
    let kind: string | undefined;
    let message: string | undefined;
    try {
      const body = JSON.parse(text);
      if (typeof body?.error?.message === 'string') {
        message = body.error.message;
        kind = typeof body.error.name === 'string' && body.error.name !== 'Error' ? body.error.name : undefined;
      }
    } catch {
      // not JSON: a proxy's or server's page; its status says enough
    }
    kind = kind ?? KIND_BY_STATUS[response.status] ?? 'Error';
    if (!message) message = `The secrets service answered ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`;
    return new SecretsRequestError({ statusCode: response.status, kind, serverMessage: message });
  }
}

/** An InputError's message lists `field: problem; field: problem`; those by field. */
export function fieldProblems(message: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const part of message.split('; ')) {
    const match = /^([A-Za-z][\w.-]*): (.+)$/s.exec(part);
    if (match && !(match[1] in fields)) fields[match[1]] = match[2];
  }
  return fields;
}

/** The message of any failure, for a dialog or a panel. */
export function errorMessage(error: unknown): string {
  return String((error as Error)?.message ?? error);
}

/** A network failure (no answer at all), in words. */
export function unreachable(error: unknown): Error {
  if ((error as Error)?.name === 'AbortError') return error as Error;
  return new Error(`Could not reach the portal's secrets service (${errorMessage(error)}): check your connection and try again`);
}
