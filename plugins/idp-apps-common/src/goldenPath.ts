import { DEFAULT_CONTAINER_DEFAULTS, DEFAULT_INGRESS_NAMESPACE } from '@internal/plugin-idp-environments-common';
import type { AppSpec, AppType, AppVolume, Buildpack, EnvironmentVariable, ResourcePresetName } from './appSpec';

export interface ResourceAmounts {
  cpu: string;
  memory: string;
}

export interface ContainerResources {
  requests: ResourceAmounts;
  limits: ResourceAmounts;
}

/**
 * Resource presets. medium is the article's golden path and the environments' LimitRange default
 * (shared constant, so both agree); small and large keep medium's shape (limit = 2-5× request)
 * one step down and up, and small still fits a preview environment three times over.
 */
export const RESOURCE_PRESETS: Readonly<Record<ResourcePresetName, ContainerResources>> = {
  small: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '500m', memory: '512Mi' } },
  medium: DEFAULT_CONTAINER_DEFAULTS,
  large: { requests: { cpu: '1', memory: '2Gi' }, limits: { cpu: '2', memory: '4Gi' } },
};

/** Enough pods to survive losing one node: the fixed count, and the autoscaler's floor. */
const GOLDEN_REPLICAS = 3;

/**
 * The golden path for stateless apps (PRODUCT.md, from the article), as data the renderer reads.
 * The one table of its numbers: the templates' prose is checked against it (scaffolder module,
 * templateProse.test.ts).
 */
export const GOLDEN_PATH = {
  /** Replicas of a web app or worker without an autoscaler. */
  replicas: GOLDEN_REPLICAS,
  resourcePreset: 'medium' as ResourcePresetName,
  autoscaling: {
    /** Web traffic varies, so web apps autoscale by default; a worker's load is the queue, not CPU. */
    enabledFor: { web: true, worker: false, cron: false } as Readonly<Record<AppType, boolean>>,
    minReplicas: GOLDEN_REPLICAS,
    maxReplicas: 20,
    targetCPU: 70,
  },
  probes: { liveness: { path: '/healthz' }, readiness: { path: '/ready' } },
  /** The Service listens on 80 so other apps call http://<name>/, and forwards to the app's port. */
  servicePort: 80,
  /** NetworkPolicy: a web app's pods accept traffic only from the ingress controller's namespace. */
  ingressNamespace: DEFAULT_INGRESS_NAMESPACE,
  /** Pod Security `restricted`, at pod level… */
  podSecurityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
  /** …and at container level. */
  containerSecurityContext: {
    allowPrivilegeEscalation: false,
    capabilities: { drop: ['ALL'] },
    readOnlyRootFilesystem: true,
  },
  /** With a read-only root filesystem, apps still need somewhere to write temporary files. */
  tmpVolume: { name: 'slipway-tmp', mountPath: '/tmp' },
  cron: {
    /** A run that is still going when the next is due is not doubled up. */
    concurrencyPolicy: 'Forbid',
    /** Schedules mean the same on every cluster, whatever the controller's local time. */
    timeZone: 'Etc/UTC',
    restartPolicy: 'OnFailure',
  },
} as const;

/** An app spec with every golden-path default filled in; what the renderer works from. */
export interface ResolvedAppSpec {
  name: string;
  team: string;
  type: AppType;
  image?: string;
  gitRepo?: string;
  buildpack?: Buildpack;
  /** web only */
  port?: number;
  /** cron only */
  schedule?: string;
  environmentVariables: EnvironmentVariable[];
  resources: ContainerResources & { preset?: ResourcePresetName };
  /** Pods at rollout: the fixed count, or the autoscaler's minimum; 1 for cron. */
  replicas: number;
  autoscaling: { enabled: boolean; minReplicas: number; maxReplicas: number; targetCPU: number };
  /** web only */
  probes?: { liveness: { path: string }; readiness: { path: string } };
  volumes: AppVolume[];
}

function resolveResources(resources: AppSpec['resources']): ResolvedAppSpec['resources'] {
  if (resources?.requests && resources.limits) {
    return { requests: { ...resources.requests }, limits: { ...resources.limits } };
  }
  const preset = resources?.preset ?? GOLDEN_PATH.resourcePreset;
  const { requests, limits } = RESOURCE_PRESETS[preset];
  return { preset, requests: { ...requests }, limits: { ...limits } };
}

/**
 * Fills every default of the golden path; explicit values win. A fixed `replicas` without an
 * `autoscaling` block turns the default autoscaler off, since the developer chose a count.
 */
export function applyGoldenPath(spec: AppSpec): ResolvedAppSpec {
  const golden = GOLDEN_PATH.autoscaling;
  const autoscalingEnabled =
    spec.type !== 'cron' && (spec.autoscaling?.enabled ?? (spec.replicas === undefined && golden.enabledFor[spec.type]));
  const autoscaling = {
    enabled: autoscalingEnabled,
    minReplicas: spec.autoscaling?.minReplicas ?? golden.minReplicas,
    maxReplicas: spec.autoscaling?.maxReplicas ?? golden.maxReplicas,
    targetCPU: spec.autoscaling?.targetCPU ?? golden.targetCPU,
  };
  let replicas: number = spec.replicas ?? GOLDEN_PATH.replicas;
  if (spec.type === 'cron') replicas = 1;
  else if (autoscalingEnabled) replicas = autoscaling.minReplicas;

  const resolved: ResolvedAppSpec = {
    name: spec.name,
    team: spec.team,
    type: spec.type,
    ...(spec.image !== undefined ? { image: spec.image } : {}),
    ...(spec.gitRepo !== undefined ? { gitRepo: spec.gitRepo, buildpack: spec.buildpack } : {}),
    ...(spec.type === 'web' ? { port: spec.port } : {}),
    ...(spec.type === 'cron' ? { schedule: spec.schedule } : {}),
    environmentVariables: (spec.environmentVariables ?? []).map(variable => ({ ...variable })),
    resources: resolveResources(spec.resources),
    replicas,
    autoscaling,
    volumes: (spec.volumes ?? []).map(volume => ({ ...volume })),
  };
  if (spec.type === 'web') {
    resolved.probes = {
      liveness: { path: spec.probes?.liveness?.path ?? GOLDEN_PATH.probes.liveness.path },
      readiness: { path: spec.probes?.readiness?.path ?? GOLDEN_PATH.probes.readiness.path },
    };
  }
  return resolved;
}
