import { EnvironmentType, KubernetesManifest, environmentNamespace } from '@internal/plugin-idp-environments-common';
import type { AppSpec } from './appSpec';
import { GOLDEN_PATH, ResolvedAppSpec, applyGoldenPath } from './goldenPath';
import { appLabels, appSelector } from './labels';
import { manifestYaml } from './manifestYaml';
import { configMapData, configMapName, podTemplate } from './podTemplate';

/** Where an app is deployed. */
export interface RenderTarget {
  team: string;
  /** The environment's name, e.g. staging; the namespace is `<team>-<environment>`. */
  environment: string;
  environmentType: EnvironmentType;
  /** The built image, when the app is built from gitRepo; when given, it is what runs. */
  image?: string;
  /** The catalog system the app is part of (label app.kubernetes.io/part-of). */
  partOf?: string;
  /** Default: the golden path's ingress-nginx. */
  ingressNamespace?: string;
}

/** Name of an app's NetworkPolicy. */
export const networkPolicyName = (app: string) => `${app}-ingress`;

function hasDisruptionBudget(spec: ResolvedAppSpec): boolean {
  // With one replica, a PDB would block node drains forever; there is nothing to keep available.
  return spec.type !== 'cron' && spec.replicas > 1;
}

/**
 * Every object of one app in one environment, in apply order (ServiceAccount and ConfigMap before
 * the pods that use them). Pure and deterministic: the same spec and target give the same objects,
 * with the same key order, so the same YAML and a no-op re-apply.
 */
export function renderApp(spec: AppSpec, target: RenderTarget): KubernetesManifest[] {
  const resolved = applyGoldenPath(spec);
  const image = target.image ?? resolved.image;
  if (!image) throw new TypeError(`${spec.name} is built from gitRepo; pass the built image as target.image`);
  if (spec.team !== target.team) {
    throw new TypeError(`${spec.name} belongs to ${spec.team}, not ${target.team}; deploy it into one of ${spec.team}'s environments`);
  }
  const namespace = environmentNamespace(target.team, target.environment);
  const labels = appLabels({ app: spec.name, team: target.team, environment: target.environment, partOf: target.partOf });
  const metadata = (name: string) => ({ name, namespace, labels: { ...labels } });
  const selector = () => ({ matchLabels: appSelector(spec.name) });
  const manifests: KubernetesManifest[] = [];

  // The app needs no Kubernetes API access, so no token is mounted into its pods.
  manifests.push({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: metadata(spec.name), automountServiceAccountToken: false });

  const data = configMapData(resolved);
  if (Object.keys(data).length > 0) {
    manifests.push({ apiVersion: 'v1', kind: 'ConfigMap', metadata: metadata(configMapName(spec.name)), data });
  }

  const template = podTemplate(resolved, image, labels);
  if (resolved.type === 'cron') {
    const { cron } = GOLDEN_PATH;
    manifests.push({
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: metadata(spec.name),
      spec: {
        schedule: resolved.schedule,
        timeZone: cron.timeZone,
        concurrencyPolicy: cron.concurrencyPolicy,
        jobTemplate: { metadata: { labels: { ...labels } }, spec: { template } },
      },
    });
  } else {
    manifests.push({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: metadata(spec.name),
      spec: {
        // With an autoscaler, replicas belong to it; setting them here would reset its work on every apply.
        ...(resolved.autoscaling.enabled ? {} : { replicas: resolved.replicas }),
        selector: selector(),
        template,
      },
    });
  }

  if (resolved.type === 'web') {
    manifests.push({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: metadata(spec.name),
      spec: {
        type: 'ClusterIP',
        selector: appSelector(spec.name),
        ports: [{ name: 'http', port: GOLDEN_PATH.servicePort, targetPort: resolved.port, protocol: 'TCP' }],
      },
    });
  }

  if (resolved.type !== 'cron' && resolved.autoscaling.enabled) {
    manifests.push({
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: metadata(spec.name),
      spec: {
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: spec.name },
        minReplicas: resolved.autoscaling.minReplicas,
        maxReplicas: resolved.autoscaling.maxReplicas,
        metrics: [
          { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: resolved.autoscaling.targetCPU } } },
        ],
      },
    });
  }

  if (hasDisruptionBudget(resolved)) {
    // maxUnavailable rather than minAvailable: it stays right as the autoscaler changes the count.
    manifests.push({ apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: metadata(spec.name), spec: { maxUnavailable: 1, selector: selector() } });
  }

  const ingressNamespace = target.ingressNamespace ?? GOLDEN_PATH.ingressNamespace;
  manifests.push({
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: metadata(networkPolicyName(spec.name)),
    // A web app accepts its port from the ingress controller only; a worker or cron job accepts nothing.
    spec: {
      podSelector: selector(),
      policyTypes: ['Ingress'],
      ...(resolved.type === 'web'
        ? {
            ingress: [
              {
                from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': ingressNamespace } } }],
                ports: [{ protocol: 'TCP', port: resolved.port }],
              },
            ],
          }
        : {}),
    },
  });
  return manifests;
}

/**
 * Multi-document YAML of the manifests. Stable: keys in the objects' own order, no anchors for
 * repeated values, no line folding; the same manifests always give the same bytes.
 */
export function renderYaml(manifests: KubernetesManifest[]): string {
  return manifests.map(manifestYaml).join('---\n');
}
