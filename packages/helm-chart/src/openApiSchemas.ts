/**
 * Turns the API server's OpenAPI v2 document (GET /openapi/v2) into the standalone, strict JSON schemas kubeconform
 * reads (one file per kind, named as kubeconform's `{{ .ResourceKind }}{{ .KindSuffix }}.json`), so the chart's
 * output is validated against exactly the Kubernetes release it is installed into, without downloading schemas.
 */

type Schema = Record<string, any>;

export interface OpenApiV2 {
  definitions: Record<string, Schema>;
}

export interface GroupVersionKind {
  group: string;
  version: string;
  kind: string;
}

/** kubeconform's file name for a kind: `deployment-apps-v1.json`, `service-v1.json`, `clusterrole-rbac-v1.json`. */
export function kubeconformSchemaFile(apiVersion: string, kind: string): string {
  const [groupOrVersion, version] = apiVersion.split('/');
  const suffix = version ? `-${groupOrVersion.split('.')[0]}-${version}` : `-${groupOrVersion}`;
  return `${kind}${suffix}.json`.toLowerCase();
}

const REF_PREFIX = '#/definitions/';

// Types Kubernetes serialises specially: a port or percentage may be a number or a string; a quantity too.
const SPECIAL: Record<string, Schema> = {
  'io.k8s.apimachinery.pkg.util.intstr.IntOrString': { oneOf: [{ type: 'string' }, { type: 'integer' }] },
  'io.k8s.apimachinery.pkg.api.resource.Quantity': { oneOf: [{ type: 'string' }, { type: 'number' }] },
};

function expand(schema: Schema, definitions: Record<string, Schema>, inProgress: string[]): Schema {
  if (schema.$ref) {
    const name = String(schema.$ref).slice(REF_PREFIX.length);
    if (SPECIAL[name]) return SPECIAL[name];
    // A recursive type (JSON schema props of CRDs) is accepted as anything below its first level.
    if (inProgress.includes(name)) return {};
    const target = definitions[name];
    if (!target) throw new Error(`the OpenAPI document refers to ${schema.$ref}, which it does not define`);
    return expand(target, definitions, [...inProgress, name]);
  }
  if (schema.format === 'int-or-string') return SPECIAL['io.k8s.apimachinery.pkg.util.intstr.IntOrString'];
  const out: Schema = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key.startsWith('x-kubernetes-')) continue;
    if (key === 'properties') {
      out.properties = Object.fromEntries(Object.entries(value as Schema).map(([p, s]) => [p, expand(s, definitions, inProgress)]));
    } else if (key === 'items' || (key === 'additionalProperties' && typeof value === 'object')) {
      out[key] = expand(value as Schema, definitions, inProgress);
    } else {
      out[key] = value;
    }
  }
  // Strict: a misspelt field is an error, as the API server's strict field validation makes it.
  if (out.properties && out.additionalProperties === undefined) out.additionalProperties = false;
  return out;
}

/** The kinds the document defines, by definition name. */
function kindsOf(openapi: OpenApiV2): Map<string, GroupVersionKind[]> {
  const kinds = new Map<string, GroupVersionKind[]>();
  for (const [name, schema] of Object.entries(openapi.definitions)) {
    const gvks = schema['x-kubernetes-group-version-kind'] as GroupVersionKind[] | undefined;
    if (gvks?.length) kinds.set(name, gvks);
  }
  return kinds;
}

/**
 * The schema files for the given kinds (apiVersion + kind as written in manifests). A kind the API server does not
 * serve is an error naming it: kubeconform would otherwise skip or fail it with a download error.
 */
export function kubeconformSchemas(openapi: OpenApiV2, wanted: { apiVersion: string; kind: string }[]): Map<string, Schema> {
  const kinds = kindsOf(openapi);
  const files = new Map<string, Schema>();
  for (const { apiVersion, kind } of wanted) {
    const file = kubeconformSchemaFile(apiVersion, kind);
    if (files.has(file)) continue;
    const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : ['', apiVersion];
    const definition = [...kinds.entries()].find(([, gvks]) => gvks.some(g => g.group === group && g.version === version && g.kind === kind))?.[0];
    if (!definition) throw new Error(`the API server serves no ${kind} in ${apiVersion}; the chart renders one`);
    files.set(file, expand(openapi.definitions[definition], openapi.definitions, [definition]));
  }
  return files;
}
