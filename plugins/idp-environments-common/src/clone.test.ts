import { CLONED_KINDS, ClonableObject, planClone } from './clone';

const target = { namespace: 'team-a-copy', environment: 'copy', type: 'production' as const };
const labels = { 'app.kubernetes.io/managed-by': 'slipway', 'slipway.dev/team': 'team-a', 'slipway.dev/environment': 'dev' };

const deployment: ClonableObject = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: {
    name: 'shop',
    namespace: 'team-a-dev',
    uid: 'abc',
    resourceVersion: '12',
    creationTimestamp: '2026-11-01T00:00:00Z',
    managedFields: [{}],
    labels,
    annotations: { 'deployment.kubernetes.io/revision': '3', 'slipway.dev/app': 'shop' },
  },
  spec: {
    replicas: 3,
    template: {
      spec: {
        initContainers: [{ name: 'migrate', envFrom: [{ secretRef: { name: 'db' } }] }],
        containers: [{ name: 'shop', env: [{ name: 'TOKEN', valueFrom: { secretKeyRef: { name: 'api-token', key: 'token' } } }] }],
        volumes: [{ name: 'tls', secret: { secretName: 'tls' } }, { name: 'all', projected: { sources: [{ secret: { name: 'db' } }] } }],
        imagePullSecrets: [{ name: 'registry' }],
      },
    },
  },
  status: { readyReplicas: 3 },
};

const service: ClonableObject = {
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name: 'shop', labels },
  spec: { type: 'NodePort', clusterIP: '10.0.0.7', clusterIPs: ['10.0.0.7'], ports: [{ port: 80, targetPort: 8080, nodePort: 30080 }] },
};

describe('planClone', () => {
  it('clones workloads and config, never secrets', () => {
    expect(CLONED_KINDS.map(k => k.kind)).toContain('Deployment');
    expect(CLONED_KINDS.map(k => k.kind)).not.toContain('Secret');
  });

  it('re-addresses objects to the target and drops server-set fields', () => {
    const { objects } = planClone([deployment], target);
    expect(objects).toEqual([
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'shop', namespace: 'team-a-copy', labels: { ...labels, 'slipway.dev/environment': 'copy' }, annotations: { 'slipway.dev/app': 'shop' } },
        spec: deployment.spec,
      },
    ]);
  });

  it('lets the new Service get its own cluster IP and node ports, but keeps headless ones headless', () => {
    const [copy] = planClone([service], target).objects;
    expect(copy.spec).toEqual({ type: 'NodePort', ports: [{ port: 80, targetPort: 8080 }] });
    const headless = { ...service, spec: { clusterIP: 'None', clusterIPs: ['None'], ports: [{ port: 80 }] } };
    expect(planClone([headless], target).objects[0].spec).toEqual({ clusterIP: 'None', clusterIPs: ['None'], ports: [{ port: 80 }] });
  });

  it('orders config before workloads', () => {
    const configMap: ClonableObject = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings' }, data: { LOG_LEVEL: 'info' } };
    const { objects } = planClone([deployment, service, configMap], target);
    expect(objects.map(o => o.kind)).toEqual(['ConfigMap', 'Service', 'Deployment']);
  });

  it('reports the secrets the workloads use as references to fill in', () => {
    const { results } = planClone([deployment, service], target);
    expect(results).toEqual([
      { kind: 'Service', name: 'shop', action: 'copied' },
      { kind: 'Deployment', name: 'shop', action: 'copied' },
      ...['api-token', 'db', 'registry', 'tls'].map(name => ({
        kind: 'Secret',
        name,
        action: 'reference',
        reason: `Secret values are never copied; set the keys of ${name} in team-a-copy before the workloads that use it start`,
      })),
    ]);
  });

  it('finds secrets of cron jobs and service accounts too', () => {
    const cronJob: ClonableObject = {
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: { name: 'report' },
      spec: { jobTemplate: { spec: { template: { spec: { containers: [{ name: 'r', envFrom: [{ secretRef: { name: 'smtp' } }] }] } } } } },
    };
    const account: ClonableObject = { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'shop' }, imagePullSecrets: [{ name: 'registry' }] };
    const references = planClone([cronJob, account], target).results.filter(r => r.action === 'reference');
    expect(references.map(r => r.name)).toEqual(['registry', 'smtp']);
  });

  it('skips what the environment brings, what controllers create and kinds it does not clone', () => {
    const { objects, results } = planClone(
      [
        { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'default-deny' } },
        { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default' } },
        { apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'shop-1' } },
        { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'report-1', ownerReferences: [{ kind: 'CronJob' }] } },
        { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'owned', ownerReferences: [{ kind: 'Deployment' }] } },
        { apiVersion: 'v1', kind: 'ConfigMap', metadata: {} },
      ],
      target,
    );
    expect(objects).toEqual([]);
    expect(results.map(r => [r.kind, r.name, r.action, r.reason])).toEqual([
      ['ConfigMap', 'owned', 'skipped', 'It is created by another object, which is cloned instead'],
      ['ConfigMap', '', 'skipped', 'It has no name'],
      ['ReplicaSet', 'shop-1', 'skipped', 'Slipway does not clone ReplicaSet objects; recreate it if you need it'],
      ['Job', 'report-1', 'skipped', 'Slipway does not clone Job objects; recreate it if you need it'],
    ]);
  });

  it('fits replicas, autoscaling and disruption budgets to the target type', () => {
    const plan = planClone(
      [
        { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' }, spec: { replicas: 5 } },
        { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name: 'web' }, spec: { minReplicas: 3, maxReplicas: 20 } },
        { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'web' }, spec: { minAvailable: 3 } },
      ],
      { namespace: 'team-a-qa', environment: 'qa', type: 'staging' },
    );
    expect(plan.results).toEqual([
      { kind: 'Deployment', name: 'web', action: 'adjusted', reason: 'replicas 5 → 2 (staging limit)' },
      { kind: 'HorizontalPodAutoscaler', name: 'web', action: 'adjusted', reason: 'minReplicas 3 → 2; maxReplicas 20 → 2' },
      { kind: 'PodDisruptionBudget', name: 'web', action: 'adjusted', reason: 'minAvailable 3 → 1' },
    ]);
    expect(plan.objects.map(o => (o.spec as any))).toEqual([{ replicas: 2 }, { minReplicas: 2, maxReplicas: 2 }, { minAvailable: 1 }]);
  });

  it('keeps replica counts when cloning into production', () => {
    const plan = planClone([{ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' }, spec: { replicas: 5 } }], {
      namespace: 'team-a-prod2',
      environment: 'prod2',
      type: 'production',
    });
    expect(plan.results).toEqual([{ kind: 'Deployment', name: 'web', action: 'copied' }]);
  });

  it('lowers container resources to the target type’s ceiling', () => {
    const plan = planClone(
      [
        {
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          metadata: { name: 'api' },
          spec: {
            replicas: 1,
            template: {
              spec: {
                containers: [
                  { name: 'api', resources: { requests: { cpu: '2', memory: '512Mi' }, limits: { cpu: '4', memory: '4Gi' } } },
                  { name: 'sidecar', resources: { requests: { cpu: '50m', memory: '64Mi' }, limits: { cpu: '100m', memory: '128Mi' } } },
                ],
              },
            },
          },
        },
      ],
      { namespace: 'team-a-qa', environment: 'qa', type: 'development', containerCeiling: { cpu: '1', memory: '1Gi' } },
    );
    expect(plan.results).toEqual([
      {
        kind: 'Deployment',
        name: 'api',
        action: 'adjusted',
        reason: 'api limits.cpu 4 → 1; api requests.cpu 2 → 1; api limits.memory 4Gi → 1Gi',
      },
    ]);
    const containers = (plan.objects[0].spec as any).template.spec.containers;
    expect(containers[0].resources).toEqual({ requests: { cpu: '1', memory: '512Mi' }, limits: { cpu: '1', memory: '1Gi' } });
    expect(containers[1].resources).toEqual({ requests: { cpu: '50m', memory: '64Mi' }, limits: { cpu: '100m', memory: '128Mi' } });
  });
});
