import express from 'express';

/**
 * Why express.json() refused a body (body-parser's error types), as the field error a client can act on.
 * Without this, Backstage's error handler answers the parser's own text ("Unexpected token } in JSON at
 * position 12"), which names no field and says nothing about what to send.
 */
const BODY_ERRORS: Record<string, (limit: string, tooLargeHint: string) => string> = {
  'entity.parse.failed': () => 'The body is not valid JSON; send the request as a JSON object',
  'entity.too.large': (limit, tooLargeHint) => `The body is over ${limit.replace(/^(\d+)\s*([kmg]?)b$/i, (_, n, unit) => `${n} ${unit.toUpperCase()}B`)}; ${tooLargeHint}`,
  'entity.verify.failed': () => 'The body could not be verified; send it as it was signed',
  'encoding.unsupported': () => 'The body is in an encoding Slipway does not read; send it uncompressed or gzipped',
  'charset.unsupported': () => 'The body is in a character set Slipway does not read; send UTF-8 JSON',
  'request.aborted': () => 'The body ended before it was complete; send it again',
  'request.size.invalid': () => 'The body is shorter or longer than its Content-Length; send it again',
  'stream.encoding.set': () => 'The body could not be read; send it again',
};

/** A 4xx failure of the body parser, in Backstage's error shape plus the `errors` field list forms show. */
export interface BodyError {
  status: number;
  body: { error: { name: 'InputError'; message: string }; errors: { field: 'body'; message: string }[] };
}

/** The answer for a body-parser failure, or undefined when the failure is not the client's (then it is passed on). */
export function bodyErrorOf(failure: unknown, limit: string, tooLargeHint = 'send less'): BodyError | undefined {
  const { status, type, message } = (failure ?? {}) as { status?: unknown; type?: unknown; message?: unknown };
  if (typeof status !== 'number' || status < 400 || status >= 500) return undefined;
  const describe = typeof type === 'string' ? BODY_ERRORS[type] : undefined;
  const text = describe ? describe(limit, tooLargeHint) : `The body cannot be read (${String(message).slice(0, 200)}); send a JSON object`;
  return { status, body: { error: { name: 'InputError', message: `The request is not valid: body: ${text}` }, errors: [{ field: 'body', message: text }] } };
}

/**
 * express.json() whose refusals (not JSON, over the limit, an unknown charset) are a 4xx naming the
 * field `body`, like every other refused input of Slipway's APIs. `verify` is express.json()'s.
 */
export function jsonBody(
  options: { limit?: string; tooLargeHint?: string; verify?: (req: express.Request, res: express.Response, buf: Buffer) => void } = {},
): express.RequestHandler {
  const limit = options.limit ?? '100kb';
  const parse = express.json({ limit, verify: options.verify as any });
  return (req, res, next) =>
    parse(req, res, (failure?: unknown) => {
      if (!failure) return next();
      const refusal = bodyErrorOf(failure, limit, options.tooLargeHint);
      if (!refusal) return next(failure);
      return void res.status(refusal.status).json(refusal.body);
    });
}
