import { appLabels } from '@internal/plugin-idp-apps-common';
import type {
  CoreV1Event,
  V1Container,
  V1ContainerStatus,
  V1CronJob,
  V1Deployment,
  V1DeploymentCondition,
  V1Job,
  V1JobCondition,
  V1Pod,
  V1PodCondition,
  V1ReplicaSet,
} from '@kubernetes/client-node';

/**
 * Objects as the API server returns them for a golden-path app `web` of team-a in
 * team-a-staging, for tests. Timestamps are strings, as a watch delivers them.
 */
/** A timestamp as a watch delivers it: a string where the types say Date. */
export const at = (time: string) => time as unknown as Date;

export const NAMESPACE = 'team-a-staging';
export const LABELS = appLabels({ app: 'web', team: 'team-a', environment: 'staging' });
export const IMAGE = 'registry.example.com/team-a/web:1.4.2';

export const webContainer = (overrides: Partial<V1Container> = {}): V1Container => ({
  name: 'web',
  image: IMAGE,
  ports: [{ containerPort: 8080 }],
  resources: { requests: { cpu: '250m', memory: '512Mi' }, limits: { cpu: '1', memory: '1Gi' } },
  readinessProbe: { httpGet: { path: '/ready', port: 8080 } },
  livenessProbe: { httpGet: { path: '/healthz', port: 8080 } },
  ...overrides,
});

export function deployment(
  options: { name?: string; replicas?: number; paused?: boolean; generation?: number; status?: V1Deployment['status']; conditions?: V1DeploymentCondition[] } = {},
): V1Deployment {
  const { name = 'web', replicas = 3, generation = 2 } = options;
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: NAMESPACE, labels: LABELS, generation, uid: `uid-deploy-${name}`, creationTimestamp: at('2026-11-20T09:00:00Z') },
    spec: {
      replicas,
      paused: options.paused,
      selector: { matchLabels: { 'slipway.dev/app': name } },
      template: { metadata: { labels: LABELS }, spec: { containers: [webContainer()] } },
    },
    status: options.status ?? {
      observedGeneration: generation,
      replicas,
      updatedReplicas: replicas,
      readyReplicas: replicas,
      availableReplicas: replicas,
      conditions: options.conditions ?? [
        { type: 'Available', status: 'True', reason: 'MinimumReplicasAvailable' },
        { type: 'Progressing', status: 'True', reason: 'NewReplicaSetAvailable', message: `ReplicaSet "${name}-7d9f8b6c5" has successfully progressed.` },
      ],
    },
  };
}

export function replicaSet(name: string, deploymentName: string): V1ReplicaSet {
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {
      name,
      namespace: NAMESPACE,
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: deploymentName, uid: `uid-deploy-${deploymentName}`, controller: true }],
    },
  };
}

export const runningStatus = (overrides: Partial<V1ContainerStatus> = {}): V1ContainerStatus => ({
  name: 'web',
  image: IMAGE,
  imageID: `${IMAGE}@sha256:1234`,
  ready: true,
  restartCount: 0,
  started: true,
  state: { running: { startedAt: at('2026-11-25T09:00:05Z') } },
  ...overrides,
});

export function pod(
  name: string,
  options: {
    owner?: { kind: string; name: string };
    phase?: string;
    containers?: V1Container[];
    initContainers?: V1Container[];
    statuses?: V1ContainerStatus[];
    conditions?: V1PodCondition[];
    reason?: string;
    message?: string;
    node?: string;
    deleting?: boolean;
  } = {},
): V1Pod {
  const { owner = { kind: 'ReplicaSet', name: 'web-7d9f8b6c5' }, phase = 'Running' } = options;
  const statuses = options.statuses ?? [runningStatus()];
  const allReady = statuses.every(s => s.ready);
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: NAMESPACE,
      labels: LABELS,
      uid: `uid-${name}`,
      creationTimestamp: at('2026-11-25T09:00:00Z'),
      ownerReferences: [{ apiVersion: 'apps/v1', kind: owner.kind, name: owner.name, uid: `uid-${owner.name}`, controller: true }],
      ...(options.deleting ? { deletionTimestamp: at('2026-11-25T10:00:00Z') } : {}),
    },
    spec: {
      nodeName: options.node === undefined ? 'kwok-node-0' : options.node || undefined,
      containers: options.containers ?? [webContainer()],
      initContainers: options.initContainers,
    },
    status: {
      phase,
      reason: options.reason,
      message: options.message,
      startTime: at('2026-11-25T09:00:01Z'),
      conditions: options.conditions ?? [
        { type: 'PodScheduled', status: 'True', lastTransitionTime: at('2026-11-25T09:00:00Z') },
        { type: 'Ready', status: allReady ? 'True' : 'False', lastTransitionTime: at('2026-11-25T09:00:10Z') },
      ],
      containerStatuses: statuses,
    },
  };
}

let eventCounter = 0;

export function event(options: {
  kind: string;
  name: string;
  reason: string;
  message: string;
  type?: string;
  count?: number;
  first?: string;
  last?: string;
  fieldPath?: string;
}): CoreV1Event {
  eventCounter += 1;
  const { first = '2026-11-25T09:50:00Z', last = options.first ?? '2026-11-25T09:55:00Z' } = options;
  return {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name: `${options.name}.18a${eventCounter}`, namespace: NAMESPACE, uid: `uid-event-${eventCounter}`, creationTimestamp: at(first) },
    involvedObject: { kind: options.kind, name: options.name, namespace: NAMESPACE, fieldPath: options.fieldPath },
    reason: options.reason,
    message: options.message,
    type: options.type ?? 'Warning',
    count: options.count ?? 1,
    firstTimestamp: at(first),
    lastTimestamp: at(last),
    source: { component: 'kubelet' },
  };
}

export function job(
  name: string,
  options: { cronJob?: string; conditions?: V1JobCondition[]; succeeded?: number; failed?: number; start?: string; suspend?: boolean; backoffLimit?: number } = {},
): V1Job {
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: {
      name,
      namespace: NAMESPACE,
      labels: LABELS,
      creationTimestamp: at(options.start ?? '2026-11-25T09:45:00Z'),
      ownerReferences: options.cronJob
        ? [{ apiVersion: 'batch/v1', kind: 'CronJob', name: options.cronJob, uid: `uid-cron-${options.cronJob}`, controller: true }]
        : undefined,
    },
    spec: {
      backoffLimit: options.backoffLimit ?? 6,
      suspend: options.suspend,
      template: { spec: { restartPolicy: 'OnFailure', containers: [webContainer({ name: 'report', ports: undefined })] } },
    },
    status: {
      startTime: at(options.start ?? '2026-11-25T09:45:00Z'),
      succeeded: options.succeeded,
      failed: options.failed,
      conditions: options.conditions,
    },
  };
}

export function cronJob(name: string, options: { suspend?: boolean } = {}): V1CronJob {
  return {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name, namespace: NAMESPACE, labels: appLabels({ app: name, team: 'team-a', environment: 'staging' }), creationTimestamp: at('2026-11-20T09:00:00Z') },
    spec: {
      schedule: '*/15 * * * *',
      suspend: options.suspend,
      jobTemplate: { spec: { template: { spec: { restartPolicy: 'OnFailure', containers: [webContainer({ name: 'report', ports: undefined })] } } } },
    },
    status: {
      lastScheduleTime: at('2026-11-25T09:45:00Z'),
      lastSuccessfulTime: at('2026-11-25T09:30:40Z'),
    },
  };
}

export const complete: V1JobCondition = { type: 'Complete', status: 'True', lastTransitionTime: at('2026-11-25T09:46:00Z') };
export const backoffLimitExceeded: V1JobCondition = {
  type: 'Failed',
  status: 'True',
  reason: 'BackoffLimitExceeded',
  message: 'Job has reached the specified backoff limit',
  lastTransitionTime: at('2026-11-25T09:52:00Z'),
};
