import { ResponseError } from '@backstage/errors';

/** A failed request, ready for a dialog: problems per field (from a 400) and a message for the rest. */
export interface ServerProblem {
  title: string;
  message: string;
  fields: Record<string, string>;
}

const TITLES: Record<string, string> = {
  InputError: 'Check the form',
  NotAllowedError: 'Not allowed',
  ConflictError: 'Already exists',
  NotFoundError: 'Not found',
  ServiceUnavailableError: 'The cluster is not reachable',
};

const NAMES_BY_STATUS: Record<number, string> = {
  400: 'InputError',
  403: 'NotAllowedError',
  404: 'NotFoundError',
  409: 'ConflictError',
  503: 'ServiceUnavailableError',
};

/**
 * The error's name and message. ResponseError only reads a body that also has `response`;
 * a bare `{ error: { name, message } }` ends up quoted in its message, so read it from there.
 */
function nameAndMessage(error: unknown): { name: string; message: string } {
  if (!(error instanceof ResponseError)) {
    return { name: (error as Error)?.name ?? 'Error', message: String((error as Error)?.message ?? error) };
  }
  let { name, message } = error.body.error;
  if (name === 'Error') {
    const quoted = /^Request failed with status \d+ [^,]*, (\{.*\})$/s.exec(message)?.[1];
    try {
      const parsed = quoted ? JSON.parse(quoted) : undefined;
      if (typeof parsed?.error?.message === 'string') ({ name, message } = parsed.error);
    } catch {
      // not JSON: keep the message as it is
    }
    if (name === 'Error') name = NAMES_BY_STATUS[error.statusCode] ?? name;
  }
  return { name, message };
}

/**
 * Reads a Backstage JSON error. An InputError's message lists `field: problem; field: problem`;
 * those parts go to their fields, anything else stays in the message.
 */
export function describeServerError(error: unknown): ServerProblem {
  const { name, message } = nameAndMessage(error);
  const title = TITLES[name] ?? 'Request failed';
  if (name !== 'InputError') return { title, message, fields: {} };
  const fields: Record<string, string> = {};
  const rest: string[] = [];
  for (const part of message.split('; ')) {
    const match = /^([A-Za-z][\w.]*): (.+)$/.exec(part);
    if (match) fields[match[1]] = match[2];
    else rest.push(part);
  }
  return { title, message: rest.length ? rest.join('; ') : 'Correct the fields marked below.', fields };
}
