import express from 'express';

/**
 * Express refuses a path segment that is not valid percent-encoded UTF-8 (`/environments/%ED%A0%80`)
 * with "Failed to decode param …", which names no field. Added after a router's routes, this answers
 * such a request with Slipway's refusal shape instead: a 400 naming the field `path`.
 */
export function pathParamErrors(): express.ErrorRequestHandler {
  return (error, _req, res, next) => {
    const failure = error as { status?: unknown; message?: unknown } | undefined;
    const undecodable = error instanceof URIError && failure?.status === 400 && typeof failure.message === 'string' && failure.message.startsWith('Failed to decode param');
    if (!undecodable || res.headersSent) return next(error);
    const message = 'A segment of the path is not valid percent-encoded UTF-8; encode names as UTF-8 (encodeURIComponent)';
    return void res.status(400).json({ error: { name: 'InputError', message: `The request is not valid: path: ${message}` }, errors: [{ field: 'path', message }] });
  };
}
