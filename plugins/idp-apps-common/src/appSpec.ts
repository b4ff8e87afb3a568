import { z } from 'zod/v3';
import { DNS_SUBDOMAIN, FieldError, fieldErrors, fieldPath, isObjectName, teamNameSchema } from '@internal/plugin-idp-environments-common';
import { imagePinProblem } from './image';
import { cpuMillicores, isQuantity, memoryBytes } from '@internal/plugin-idp-environments-common';
import { cronScheduleProblem } from './schedule';
import { crossFieldProblems } from './appSpecRules';
import { GOLDEN_PATH } from './goldenPath';
import { refined, refinedBy } from './refined';

export const APP_TYPES = ['web', 'worker', 'cron'] as const;
export type AppType = (typeof APP_TYPES)[number];
export const BUILDPACKS = ['node', 'python', 'go', 'java'] as const;
export type Buildpack = (typeof BUILDPACKS)[number];
export const RESOURCE_PRESET_NAMES = ['small', 'medium', 'large'] as const;
export type ResourcePresetName = (typeof RESOURCE_PRESET_NAMES)[number];
export const VOLUME_TYPES = ['emptyDir', 'configMap', 'secret'] as const;
export type VolumeType = (typeof VOLUME_TYPES)[number];

/** A CronJob's Jobs add 11 characters to its name, and the result must stay a 63-character label. */
export const MAX_APP_NAME_LENGTH = 52;

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const SECRET_REFERENCE = /^secret\/([^/]+)\/([^/]+)$/;

const oneOf = (values: readonly string[]) => ({
  errorMap: () => ({ message: `Use one of ${values.join(', ')}` }),
});
const text = (required: string, example: string) => z.string({ required_error: required, invalid_type_error: `Give text, e.g. ${example}` });
// Unknown keys are almost always typos (enviromentVariables); rejecting them beats ignoring them.
const strictObject = <T extends z.ZodRawShape>(shape: T, what: string) =>
  z.object(shape, { invalid_type_error: `Give ${what}`, required_error: `Give ${what}` }).strict();

/** `secret/<name>/<key>`: a key of a Secret in the app's environment. */
export interface SecretReference {
  name: string;
  key: string;
}

/** `secret/db-credentials/url` → `{ name: 'db-credentials', key: 'url' }`; undefined when it is not a reference. */
export function parseSecretReference(reference: string): SecretReference | undefined {
  const match = SECRET_REFERENCE.exec(reference);
  if (!match) return undefined;
  const [, name, key] = match;
  if (!isObjectName(name) || key.length > 253 || !/^[-._a-zA-Z0-9]+$/.test(key)) return undefined;
  return { name, key };
}

export const appNameSchema = text('Give the app a name, e.g. user-service', 'user-service')
  .min(1, 'Give the app a name, e.g. user-service')
  .max(MAX_APP_NAME_LENGTH, `Use at most ${MAX_APP_NAME_LENGTH} characters`)
  .regex(/^[a-z]([-a-z0-9]*[a-z0-9])?$/, 'Use lowercase letters, digits and dashes; start with a letter and end with a letter or digit, e.g. user-service');

const imageSchema = refined(text('Give the image', 'registry.example.com/team-a/user-service:1.4.2'), (image, addIssue) => {
  const messages = {
    invalid: 'Give an image reference like registry.example.com/team-a/user-service:1.4.2',
    untagged: `Pin a version tag, e.g. ${image}:1.4.2; an untagged image changes under the running app`,
    latest: 'Pin a version instead of :latest, e.g. :1.4.2; latest changes under the running app',
  };
  const problem = imagePinProblem(image);
  if (problem) addIssue({ code: z.ZodIssueCode.custom, message: messages[problem] });
});

const gitRepoSchema = text('Give the repository', 'https://github.com/myorg/user-service').regex(
  /^https:\/\/[a-zA-Z0-9.-]+(:\d+)?(\/[\w.-]+)+\/?$/,
  'Give the https address of the repository, e.g. https://github.com/myorg/user-service',
);

const portSchema = z
  .number({ invalid_type_error: 'Give the port as a number, e.g. 8080' })
  .int('Give a whole port number, e.g. 8080')
  .min(1, 'Use a port from 1 to 65535, e.g. 8080')
  .max(65535, 'Use a port from 1 to 65535, e.g. 8080');

const scheduleSchema = refined(text('Give the schedule', '"*/15 * * * *"'), (schedule, addIssue) => {
  const problem = cronScheduleProblem(schedule);
  if (problem) addIssue({ code: z.ZodIssueCode.custom, message: problem });
});

const environmentVariableObject = strictObject(
  {
    name: text('Name the variable, e.g. LOG_LEVEL', 'LOG_LEVEL').regex(
      /^[A-Za-z_][A-Za-z0-9_]*$/,
      'Use letters, digits and underscores, not starting with a digit, e.g. DATABASE_URL',
    ),
    value: z.string({ invalid_type_error: 'Give the value as text; in YAML quote numbers and booleans, e.g. "8080"' }).optional(),
    valueFrom: refinedBy(
      text('Give the secret reference', 'secret/db-credentials/url'),
      reference => parseSecretReference(reference) !== undefined,
      'Refer to a secret key as secret/<name>/<key>, e.g. secret/db-credentials/url',
    ).optional(),
  },
  'a variable as {name, value} or {name, valueFrom: secret/<name>/<key>}',
);
const environmentVariableSchema = refined(environmentVariableObject, (variable, addIssue) => {
  if (variable.value !== undefined && variable.valueFrom !== undefined) {
    addIssue({ code: 'custom', path: ['valueFrom'], message: 'Give either value or valueFrom, not both' });
  } else if (variable.value === undefined && variable.valueFrom === undefined) {
    addIssue({ code: 'custom', path: ['value'], message: 'Give a value, or valueFrom: secret/<name>/<key> to read it from a secret' });
  }
});

const environmentVariablesSchema = refined(
  z.array(environmentVariableSchema, { invalid_type_error: 'Give a list of {name, value} or {name, valueFrom}' }),
  (variables, addIssue) => {
    const seen = new Set<string>();
    variables.forEach((variable, index) => {
      if (seen.has(variable.name)) addIssue({ code: 'custom', path: [index, 'name'], message: `${variable.name} is already set above; set each variable once` });
      seen.add(variable.name);
    });
  },
);

const cpuSchema = refinedBy(
  text('Give the CPU', '250m'),
  cpu => isQuantity(cpu) && cpuMillicores(cpu) > 0,
  'Give CPU in cores or millicores, e.g. 250m or 1',
);
// A plain number is bytes to Kubernetes; anything under 1Mi is a forgotten unit, not a real app.
const memorySchema = refinedBy(
  text('Give the memory', '512Mi'),
  memory => isQuantity(memory) && memoryBytes(memory) >= 2 ** 20,
  'Give memory with a unit, e.g. 512Mi or 1Gi',
);
const amountsSchema = strictObject({ cpu: cpuSchema, memory: memorySchema }, 'cpu and memory, e.g. {cpu: 250m, memory: 512Mi}');

const resourcesObject = strictObject(
  {
    preset: z.enum(RESOURCE_PRESET_NAMES, oneOf(RESOURCE_PRESET_NAMES)).optional(),
    requests: amountsSchema.optional(),
    limits: amountsSchema.optional(),
  },
  'resources as {preset: medium} or {requests, limits}',
);
const resourcesSchema = refined(resourcesObject, (resources, addIssue) => {
  const { preset, requests, limits } = resources;
  if (preset && (requests || limits)) {
    addIssue({ code: 'custom', path: ['preset'], message: 'Give either a preset or requests and limits, not both' });
  } else if (!preset && !(requests && limits)) {
    const missing = requests ? 'limits' : 'requests';
    addIssue({ code: 'custom', path: [missing], message: `Give requests and limits together, or a preset: ${RESOURCE_PRESET_NAMES.join(', ')}` });
  } else if (requests && limits) {
    // A refinement that failed inside still lets this one run; compare only what parses.
    const comparable = (a: string, b: string) => isQuantity(a) && isQuantity(b);
    if (comparable(requests.cpu, limits.cpu) && cpuMillicores(requests.cpu) > cpuMillicores(limits.cpu)) {
      addIssue({ code: 'custom', path: ['requests', 'cpu'], message: `Requests ${requests.cpu} CPU but limits it to ${limits.cpu}; lower the request or raise the limit` });
    }
    if (comparable(requests.memory, limits.memory) && memoryBytes(requests.memory) > memoryBytes(limits.memory)) {
      addIssue({ code: 'custom', path: ['requests', 'memory'], message: `Requests ${requests.memory} memory but limits it to ${limits.memory}; lower the request or raise the limit` });
    }
  }
});

const replicasSchema = z
  .number({ invalid_type_error: 'Give a number of replicas, e.g. 3' })
  .int('Give a whole number of replicas, e.g. 3')
  .min(1, 'Run at least 1 replica')
  .max(100, 'Run at most 100 replicas; ask the platform team if you need more');

const autoscalingSchema = strictObject(
  {
    enabled: z.boolean({ required_error: 'Say whether to autoscale: true or false', invalid_type_error: 'Use true or false' }),
    minReplicas: replicasSchema.optional(),
    maxReplicas: replicasSchema.optional(),
    targetCPU: z
      .number({ invalid_type_error: 'Give the CPU target as a percentage, e.g. 70' })
      .int('Give a whole percentage, e.g. 70')
      .min(10, 'Target at least 10% CPU, e.g. 70')
      .max(100, 'Target at most 100% CPU, e.g. 70')
      .optional(),
  },
  `autoscaling as {enabled: true, minReplicas: ${GOLDEN_PATH.autoscaling.minReplicas}, maxReplicas: ${GOLDEN_PATH.autoscaling.maxReplicas}, targetCPU: ${GOLDEN_PATH.autoscaling.targetCPU}}`,
);

const httpPathSchema = text('Give the HTTP path', '/healthz').regex(/^\/[^\s]*$/, 'Give an HTTP path starting with /, e.g. /healthz');
const probesSchema = strictObject(
  {
    liveness: strictObject({ path: httpPathSchema }, 'the liveness probe as {path: /healthz}').optional(),
    readiness: strictObject({ path: httpPathSchema }, 'the readiness probe as {path: /ready}').optional(),
  },
  'probes as {liveness: {path: /healthz}, readiness: {path: /ready}}',
);

const RESERVED_VOLUME_NAME = GOLDEN_PATH.tmpVolume.name;

const volumeObject = strictObject(
  {
    name: text('Name the volume', 'cache').regex(DNS_LABEL, 'Use lowercase letters, digits and dashes, e.g. cache').max(63, 'Use at most 63 characters'),
    type: z.enum(VOLUME_TYPES, oneOf(VOLUME_TYPES)),
    mountPath: text('Give where to mount it', '/var/cache/app').regex(/^\/[^\s:]+$/, 'Give an absolute path other than /, e.g. /var/cache/app'),
    source: text('Name the ConfigMap or Secret', 'app-settings').regex(DNS_SUBDOMAIN, 'Name a ConfigMap or Secret: lowercase letters, digits, dashes and dots').optional(),
  },
  'a volume as {name, type, mountPath, source?}',
);
const volumeSchema = refined(volumeObject, (volume, addIssue) => {
  if (volume.type !== 'emptyDir' && !volume.source) addIssue({ code: 'custom', path: ['source'], message: `Name the ${volume.type} to mount as source` });
  if (volume.type === 'emptyDir' && volume.source) addIssue({ code: 'custom', path: ['source'], message: 'An emptyDir starts empty; remove source' });
  if (volume.name === RESERVED_VOLUME_NAME) addIssue({ code: 'custom', path: ['name'], message: `${RESERVED_VOLUME_NAME} is Slipway's own /tmp volume; choose another name` });
});

const volumesSchema = refined(z.array(volumeSchema, { invalid_type_error: 'Give a list of volumes' }), (volumes, addIssue) => {
  const names = new Set<string>();
  const paths = new Set<string>();
  volumes.forEach((volume, index) => {
    if (names.has(volume.name)) addIssue({ code: 'custom', path: [index, 'name'], message: `${volume.name} is already used above; give each volume its own name` });
    if (paths.has(volume.mountPath)) addIssue({ code: 'custom', path: [index, 'mountPath'], message: `${volume.mountPath} is already mounted above; mount each path once` });
    names.add(volume.name);
    paths.add(volume.mountPath);
  });
});

const appSpecShape = {
  name: appNameSchema,
  team: teamNameSchema,
  type: z.enum(APP_TYPES, oneOf(APP_TYPES)),
  image: imageSchema.optional(),
  gitRepo: gitRepoSchema.optional(),
  buildpack: z.enum(BUILDPACKS, oneOf(BUILDPACKS)).optional(),
  port: portSchema.optional(),
  schedule: scheduleSchema.optional(),
  environmentVariables: environmentVariablesSchema.optional(),
  resources: resourcesSchema.optional(),
  autoscaling: autoscalingSchema.optional(),
  replicas: replicasSchema.optional(),
  probes: probesSchema.optional(),
  volumes: volumesSchema.optional(),
};

/** App spec v1 (PRODUCT.md "High-level app spec"): what a developer writes or the form fills. */
export const appSpecSchema = refined(
  strictObject(appSpecShape, 'the app spec as an object with name, team, type and image or gitRepo'),
  (spec, addIssue) => {
    for (const problem of crossFieldProblems(spec)) addIssue({ code: 'custom', path: problem.path, message: problem.message });
  },
);

export type AppSpec = z.infer<typeof appSpecSchema>;
export type EnvironmentVariable = NonNullable<AppSpec['environmentVariables']>[number];
export type AppVolume = NonNullable<AppSpec['volumes']>[number];
export type AppResources = NonNullable<AppSpec['resources']>;

export type ParseAppSpecResult = { success: true; spec: AppSpec } | { success: false; errors: FieldError[] };

/** Field-level errors; an unknown key is named itself, so the form can point at the typo. */
function appSpecErrors(error: z.ZodError): FieldError[] {
  return error.issues.flatMap(issue => {
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map(key => ({ field: fieldPath([...issue.path, key]), message: `${JSON.stringify(key)} is not a field here; check the spelling or remove it` }));
    }
    return fieldErrors(new z.ZodError([issue])).map(e => (e.field === 'body' ? { field: 'spec', message: issue.message } : e));
  });
}

/**
 * Validates an app spec. Cross-field rules (image or gitRepo, port for web, schedule for cron…)
 * are reported together with field errors, so a form shows every problem at once.
 */
export function parseAppSpec(input: unknown): ParseAppSpecResult {
  const parsed = appSpecSchema.safeParse(input);
  if (parsed.success) return { success: true, spec: parsed.data };
  const errors = appSpecErrors(parsed.error);
  // zod skips the object-level rules when a field fails; run them on the raw input so nothing hides.
  if (typeof input === 'object' && input !== null && !Array.isArray(input)) {
    for (const problem of crossFieldProblems(input as Record<string, unknown>)) {
      const field = fieldPath(problem.path);
      if (!errors.some(e => e.field === field)) errors.push({ field, message: problem.message });
    }
  }
  return { success: false, errors };
}
