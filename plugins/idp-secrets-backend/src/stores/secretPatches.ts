/** What both Kubernetes-backed stores write into a Secret: base64 `data` and JSON-patch paths (RFC 6901 escaping). */

export const base64 = (value: string): string => Buffer.from(value, 'utf8').toString('base64');

const escapePointer = (segment: string) => segment.replace(/~/g, '~0').replace(/\//g, '~1');

/** A JSON pointer to a Secret data key. */
export const dataPath = (key: string): string => `/data/${escapePointer(key)}`;

/** A JSON pointer to an annotation. */
export const annotationPath = (annotation: string): string => `/metadata/annotations/${escapePointer(annotation)}`;
