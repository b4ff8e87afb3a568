import { ResponseError } from '@backstage/errors';

/**
 * The server's reason for a failed request. ResponseError only reads a body that also has `response`;
 * a bare `{ error: { name, message } }` ends up quoted in its message, so read it from there.
 */
export function reasonOf(error: unknown): string {
  if (!(error instanceof ResponseError)) return String((error as Error)?.message ?? error);
  const { name, message } = error.body.error;
  if (name !== 'Error') return message;
  const quoted = /^Request failed with status \d+ [^,]*, (\{.*\})$/s.exec(message)?.[1];
  try {
    const parsed = quoted ? JSON.parse(quoted) : undefined;
    if (typeof parsed?.error?.message === 'string') return parsed.error.message;
  } catch {
    // not JSON: the message as it is
  }
  return message;
}
