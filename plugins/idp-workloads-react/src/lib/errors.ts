import { ResponseError } from '@backstage/errors';

/**
 * The message of a failed request, for people. The backend's messages are written for users;
 * ResponseError only parses a body that also has `response`, else the JSON ends up quoted in its
 * message, so read it from there.
 */
export function errorMessage(error: unknown): string {
  if (!(error instanceof ResponseError)) return String((error as Error)?.message ?? error);
  const { message } = error.body.error;
  const quoted = /^Request failed with status \d+[^,]*, (\{.*\})$/s.exec(message)?.[1];
  if (quoted) {
    try {
      const parsed = JSON.parse(quoted);
      if (typeof parsed?.error?.message === 'string') return parsed.error.message;
    } catch {
      // not JSON: keep the message as it is
    }
  }
  return message;
}

/** An InputError about one field reads `field: problem`; the problem alone, for that field. */
export function fieldMessage(message: string, field: string): string {
  return message.startsWith(`${field}: `) ? message.slice(field.length + 2) : message;
}
