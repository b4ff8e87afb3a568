import type { FieldError } from '@internal/plugin-idp-environments-common';
import { AppSpec, AppType, parseAppSpec } from './appSpec';
import { GOLDEN_PATH, RESOURCE_PRESETS } from './goldenPath';
import { cpuMillicores, isQuantity, memoryBytes } from '@internal/plugin-idp-environments-common';
import { convertScoreVariables } from './scoreVariables';
import { limitFieldErrors, readYaml } from './expertYaml';

export const SCORE_API_VERSION = 'score.dev/v1b1';

/** What the Score file does not say: who owns the app and what kind it is. */
export interface ScoreImportOptions {
  team: string;
  type: AppType;
  /** Required for cron: Score has no schedule. */
  schedule?: string;
}

export type ScoreImportResult =
  | { success: true; spec: AppSpec; notes: string[] }
  | { success: false; errors: FieldError[] };

type Fields = Record<string, unknown>;
const asFields = (value: unknown): Fields | undefined =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Fields) : undefined;

// Score fields Slipway cannot honour; dropping them would change what the app does, so they are errors.
const UNSUPPORTED_CONTAINER_FIELDS: Record<string, string> = {
  command: 'Slipway runs the image’s own entrypoint; build the command into the image and remove command',
  args: 'Slipway runs the image’s own entrypoint; build the arguments into the image and remove args',
  files: 'Slipway does not write files into containers; use a configMap or secret volume in the app spec and remove files',
  volumes: 'Slipway does not mount Score volumes; add volumes to the app spec (advanced mode) and remove them here',
};

function unknownKeys(object: Fields, known: string[], path: string, errors: FieldError[]) {
  for (const key of Object.keys(object)) {
    if (!known.includes(key)) errors.push({ field: path ? `${path}.${key}` : key, message: `${key} is not a Score ${SCORE_API_VERSION} field; remove it or check the spelling` });
  }
}

function probePath(probe: unknown, field: string, port: number | undefined, errors: FieldError[], notes: string[]): string | undefined {
  const fields = asFields(probe);
  if (!fields) return undefined;
  if (fields.exec !== undefined) errors.push({ field: `${field}.exec`, message: 'Slipway probes over HTTP; replace exec with httpGet: {path, port}' });
  const httpGet = asFields(fields.httpGet);
  if (!httpGet) return undefined;
  if (httpGet.scheme !== undefined && httpGet.scheme !== 'HTTP') errors.push({ field: `${field}.httpGet.scheme`, message: 'Slipway probes over plain HTTP inside the pod; remove scheme HTTPS' });
  if (httpGet.port !== undefined && port !== undefined && httpGet.port !== port) {
    errors.push({ field: `${field}.httpGet.port`, message: `Slipway probes the app's port ${port}; serve the probe there, or change the port to ${port}` });
  }
  for (const dropped of ['host', 'httpHeaders']) if (httpGet[dropped] !== undefined) notes.push(`${field}.httpGet.${dropped} dropped: Slipway probes the pod itself without headers`);
  return typeof httpGet.path === 'string' ? httpGet.path : undefined;
}

function convertResources(resources: unknown, field: string, errors: FieldError[], notes: string[]): AppSpec['resources'] {
  const fields = asFields(resources);
  const preset = GOLDEN_PATH.resourcePreset;
  if (!fields) {
    notes.push(`${field}: none in Score; the golden path's preset ${preset} applies (${RESOURCE_PRESETS[preset].requests.cpu} CPU / ${RESOURCE_PRESETS[preset].requests.memory} requested)`);
    return { preset };
  }
  unknownKeys(fields, ['requests', 'limits'], field, errors);
  const golden = RESOURCE_PRESETS[preset];
  const pick = (kind: 'requests' | 'limits', resource: 'cpu' | 'memory') => {
    const value = asFields(fields[kind])?.[resource];
    if (value === undefined) return undefined;
    const example = resource === 'cpu' ? '250m' : '512Mi';
    if (!isQuantity(value)) {
      const what = typeof value === 'string' || typeof value === 'number' ? `"${value}" is not a quantity` : `Give ${kind}.${resource} as a quantity, not ${Array.isArray(value) ? 'a list' : `a ${value === null ? 'null' : typeof value}`}`;
      errors.push({ field: `${field}.${kind}.${resource}`, message: `${what}; write e.g. ${example}` });
    }
    return String(value);
  };
  const result = { requests: { cpu: '', memory: '' }, limits: { cpu: '', memory: '' } };
  for (const resource of ['cpu', 'memory'] as const) {
    const measure = (q: string) => (resource === 'cpu' ? cpuMillicores(q) : memoryBytes(q));
    const request = pick('requests', resource);
    const limit = pick('limits', resource);
    if (request !== undefined && limit !== undefined) {
      Object.assign(result.requests, { [resource]: request });
      Object.assign(result.limits, { [resource]: limit });
    } else if (limit !== undefined) {
      // Kubernetes' own rule: a container with a limit and no request requests its limit.
      Object.assign(result.requests, { [resource]: limit });
      Object.assign(result.limits, { [resource]: limit });
      notes.push(`${field}.requests.${resource}: not in Score; set to the limit ${limit}, as Kubernetes does`);
    } else if (request !== undefined) {
      const goldenLimit = golden.limits[resource];
      const useGolden = isQuantity(request) && measure(goldenLimit) >= measure(request);
      Object.assign(result.requests, { [resource]: request });
      Object.assign(result.limits, { [resource]: useGolden ? goldenLimit : request });
      notes.push(`${field}.limits.${resource}: not in Score; set to ${useGolden ? `the golden path's ${goldenLimit}` : `the request ${request}`}`);
    } else {
      Object.assign(result.requests, { [resource]: golden.requests[resource] });
      Object.assign(result.limits, { [resource]: golden.limits[resource] });
      notes.push(`${field}.${resource}: not in Score; the golden path's ${golden.requests[resource]} request and ${golden.limits[resource]} limit apply`);
    }
  }
  return result;
}

/** Where an app spec field came from in the Score file, so errors point into score.yaml. */
function scoreField(field: string, container: string, portName: string | undefined, variables: string[]): string {
  if (field === 'name') return 'metadata.name';
  if (field === 'image') return `containers.${container}.image`;
  if (field === 'port') return portName ? `service.ports.${portName}` : 'service.ports';
  if (field.startsWith('resources.')) return `containers.${container}.${field}`;
  const probe = /^probes\.(liveness|readiness)\.path$/.exec(field);
  if (probe) return `containers.${container}.${probe[1]}Probe.httpGet.path`;
  const variable = /^environmentVariables\.(\d+)\./.exec(field);
  if (variable) return `containers.${container}.variables.${variables[Number(variable[1])]}`;
  return field;
}

/**
 * A Score workload (score.dev v1b1) as a Slipway app spec. Fields Score lacks come from the golden
 * path and the caller; each note says what was filled in or dropped. Pure: parses the YAML text.
 */
export function importScore(scoreYaml: string, options: ScoreImportOptions): ScoreImportResult {
  const result = convertScore(scoreYaml, options);
  return result.success ? result : { success: false, errors: limitFieldErrors(result.errors, 'score.yaml') };
}

function convertScore(scoreYaml: string, options: ScoreImportOptions): ScoreImportResult {
  const read = readYaml(scoreYaml, { what: 'The Score file', maxDocuments: 1, tooManyDocuments: 'A Score file describes one workload; remove the second document (after ---) or import it separately' });
  if (!read.success) return { success: false, errors: [{ field: 'score.yaml', message: read.message }] };
  const [document] = read.documents;
  if (document && document.errors.length > 0) {
    return { success: false, errors: document.errors.map(e => ({ field: e.path ?? 'score.yaml', message: e.message })) };
  }
  const score = asFields(document?.value);
  if (!score) return { success: false, errors: [{ field: 'score.yaml', message: 'Give a Score workload: a YAML object with apiVersion, metadata and containers' }] };
  const errors: FieldError[] = [];
  const notes: string[] = [];
  unknownKeys(score, ['apiVersion', 'metadata', 'service', 'containers', 'resources'], '', errors);
  if (score.apiVersion !== SCORE_API_VERSION) errors.push({ field: 'apiVersion', message: `Slipway reads ${SCORE_API_VERSION}; set apiVersion: ${SCORE_API_VERSION}` });

  const metadata = asFields(score.metadata) ?? {};
  const name = metadata.name;
  if (typeof name !== 'string') errors.push({ field: 'metadata.name', message: 'Give the workload a name, e.g. user-service' });
  for (const key of Object.keys(metadata)) if (key !== 'name') notes.push(`metadata.${key} dropped: Slipway sets its own labels and annotations`);

  const containers = asFields(score.containers) ?? {};
  const containerNames = Object.keys(containers);
  if (containerNames.length !== 1) {
    const message = containerNames.length === 0 ? 'Declare the container to run under containers' : `Slipway runs one container per app, and this has ${containerNames.join(', ')}; split them into one Score file per app`;
    return { success: false, errors: [...errors, { field: 'containers', message }] };
  }
  const [containerName] = containerNames;
  const path = `containers.${containerName}`;
  const container = asFields(containers[containerName]) ?? {};
  for (const [key, fix] of Object.entries(UNSUPPORTED_CONTAINER_FIELDS)) if (container[key] !== undefined) errors.push({ field: `${path}.${key}`, message: fix });
  unknownKeys(container, ['image', 'variables', 'resources', 'livenessProbe', 'readinessProbe', ...Object.keys(UNSUPPORTED_CONTAINER_FIELDS)], path, errors);
  if (container.image === '.') errors.push({ field: `${path}.image`, message: 'image "." asks the platform to build the image; push it to a registry and give its reference, or use gitRepo in the app spec' });

  const ports = Object.entries(asFields(asFields(score.service)?.ports) ?? {});
  let port: number | undefined;
  let portName: string | undefined;
  if (options.type === 'web') {
    if (ports.length !== 1) errors.push({ field: 'service.ports', message: ports.length === 0 ? 'A web app needs the port it listens on; add service.ports' : 'Slipway serves one port per web app; keep one under service.ports' });
    else {
      const [[declaredName, declared]] = ports;
      const fields = asFields(declared) ?? {};
      portName = declaredName;
      port = typeof (fields.targetPort ?? fields.port) === 'number' ? ((fields.targetPort ?? fields.port) as number) : undefined;
      if (fields.protocol !== undefined && fields.protocol !== 'TCP') errors.push({ field: `service.ports.${declaredName}.protocol`, message: 'Slipway serves TCP only; remove protocol or set it to TCP' });
      if (fields.port !== undefined && fields.port !== GOLDEN_PATH.servicePort) {
        notes.push(`service.ports.${declaredName}.port ${String(fields.port)} dropped: Slipway's Service listens on ${GOLDEN_PATH.servicePort} and forwards to ${String(port)}`);
      }
    }
  } else if (ports.length > 0) {
    errors.push({ field: 'service.ports', message: `A ${options.type} serves no port; remove service, or import the app as web` });
  }

  const resourceNames = Object.keys(asFields(score.resources) ?? {});
  const converted = convertScoreVariables(asFields(container.variables) ?? {}, { appName: String(name ?? ''), resources: resourceNames, path: `${path}.variables` });
  errors.push(...converted.errors);
  for (const resource of resourceNames) {
    const type = asFields(asFields(score.resources)?.[resource])?.type;
    notes.push(
      converted.usedResources.has(resource)
        ? `resources.${resource} (${String(type)}): not provisioned by Slipway; its outputs are read from Secret ${resource}, so create it in the environment`
        : `resources.${resource} (${String(type)}) dropped: no variable reads it and Slipway does not provision resources`,
    );
  }

  const resources = convertResources(container.resources, `${path}.resources`, errors, notes);
  const probes: NonNullable<AppSpec['probes']> = {};
  for (const [scoreKey, kind] of [['livenessProbe', 'liveness'], ['readinessProbe', 'readiness']] as const) {
    const probe = probePath(container[scoreKey], `${path}.${scoreKey}`, port, errors, notes);
    if (probe === undefined) continue;
    if (options.type === 'web') probes[kind] = { path: probe };
    else notes.push(`${path}.${scoreKey} dropped: a ${options.type} has no port to probe`);
  }
  if (options.type === 'web') {
    if (!probes.liveness) notes.push(`${path}.livenessProbe: none in Score; the golden path's HTTP ${GOLDEN_PATH.probes.liveness.path} applies`);
    if (!probes.readiness) notes.push(`${path}.readinessProbe: none in Score; the golden path's HTTP ${GOLDEN_PATH.probes.readiness.path} applies`);
  }
  if (options.type !== 'cron') {
    const { autoscaling } = GOLDEN_PATH;
    notes.push(
      options.type === 'web'
        ? `replicas: Score has none; the golden path autoscales from ${autoscaling.minReplicas} to ${autoscaling.maxReplicas} at ${autoscaling.targetCPU}% CPU`
        : `replicas: Score has none; the golden path runs ${GOLDEN_PATH.replicas}`,
    );
  }
  if (errors.length > 0) return { success: false, errors };

  const spec = {
    name,
    team: options.team,
    type: options.type,
    image: container.image,
    ...(port !== undefined ? { port } : {}),
    ...(options.schedule !== undefined ? { schedule: options.schedule } : {}),
    ...(converted.variables.length > 0 ? { environmentVariables: converted.variables } : {}),
    resources,
    ...(Object.keys(probes).length > 0 ? { probes } : {}),
  };
  const parsed = parseAppSpec(spec);
  if (!parsed.success) {
    return { success: false, errors: parsed.errors.map(e => ({ field: scoreField(e.field, containerName, portName, converted.variables.map(v => v.name)), message: e.message })) };
  }
  return { success: true, spec: parsed.spec, notes };
}
