import { HttpMethod, RequestContext, ServerConfiguration } from '@kubernetes/client-node';

/**
 * URL parsing (node-fetch's, as every WHATWG parser) resolves `.` and `..` path segments before a
 * request leaves, and the generated clients leave dots unencoded. So a name of `..` in
 * `DELETE /api/v1/namespaces/<ns>/pods/<name>` would send `DELETE /api/v1/namespaces/<ns>/`: the
 * namespace itself (and `RequestContext` parses the URL as it is built). No Kubernetes object can
 * be named `.` or `..`; a call whose path has such a segment is refused before it becomes a URL,
 * whatever route built it.
 */
export function refuseDotSegments(method: string, url: string): void {
  const path = url.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i, '').split(/[?#]/)[0];
  // `%2e` is a dot to the parser too; a backslash is a slash in http(s) URLs.
  const dotted = path.split(/[/\\]/).find(segment => /^(\.|%2e){1,2}$/i.test(segment));
  if (dotted === undefined) return;
  const error = new Error(`No such object: ${method} ${path.slice(0, 300)} names "${dotted}", and a Kubernetes name is never "." or ".."; check the name`);
  // Backstage maps errors by name: a name that cannot exist is a 404, as a namespace name that cannot exist is.
  error.name = 'NotFoundError';
  throw error;
}

/** The API server's address for the generated clients: every path they build is checked (refuseDotSegments) before it becomes a URL. */
export class DotSegmentSafeServer extends ServerConfiguration<{}> {
  makeRequestContext(endpoint: string, httpMethod: HttpMethod): RequestContext {
    refuseDotSegments(httpMethod, endpoint);
    return super.makeRequestContext(endpoint, httpMethod);
  }
}
