/*
 * The Kubernetes secret store on the local cluster, through SecretService (the API's service):
 *  1. write → visible to a new pod: a secret key written, then a pod created that reads it, until
 *     that pod is Running (--writes runs; p50/p95);
 *  2. rotation of a secret read by --consumers Deployments (default 20, 2 replicas each, a PDB of
 *     maxUnavailable 1): from the rotate call until every consumer's pods all run the new version
 *     (template annotation slipway.dev/secret-versions, rollout complete).
 * Prints its figures; it is not a test.
 */
import { LoggerService } from '@backstage/backend-plugin-api';
import { ensureLocalCluster, loadKubeConfig } from '@internal/local-cluster';
import { environmentFromNamespace, renderEnvironment, resolveEnvironmentTypes } from '@internal/plugin-idp-environments-common';
import { ClusterAccess } from '@internal/plugin-idp-kubernetes-node';
import { AppsV1Api, CoreV1Api, KubernetesObjectApi, PatchStrategy, V1EnvVar } from '@kubernetes/client-node';
import knexFactory from 'knex';
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { SecretMetadataStore } from '../../plugins/idp-secrets-backend/src/database/SecretMetadataStore';
import { SecretService } from '../../plugins/idp-secrets-backend/src/services/SecretService';
import { SECRET_VERSIONS_ANNOTATION } from '../../plugins/idp-secrets-backend/src/services/restarts';
import { KubernetesSecretStore } from '../../plugins/idp-secrets-backend/src/stores/KubernetesSecretStore';

const { values } = parseArgs({ options: { writes: { type: 'string', default: '10' }, consumers: { type: 'string', default: '20' } } });
const WRITES = Number(values.writes);
const CONSUMERS = Number(values.consumers);
const quiet: LoggerService = { error() {}, warn() {}, info() {}, debug() {}, child: () => quiet };
const percentile = (samples: number[], p: number) => [...samples].sort((a, b) => a - b)[Math.min(samples.length - 1, Math.floor((p / 100) * samples.length))];
const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

const container = (env: V1EnvVar[]) => ({
  name: 'app',
  image: 'registry.example.com/team-a/app:1.0.0',
  env,
  resources: { requests: { cpu: '10m', memory: '16Mi' }, limits: { cpu: '20m', memory: '32Mi' } },
  securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
});
const podSecurity = { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } };

async function main() {
  const local = await ensureLocalCluster();
  const adminConfig = loadKubeConfig(local.adminKubeconfig);
  const admin = KubernetesObjectApi.makeApiClient(adminConfig);
  const core = adminConfig.makeApiClient(CoreV1Api);
  const apps = adminConfig.makeApiClient(AppsV1Api);
  const settings = { ...resolveEnvironmentTypes(undefined).find(t => t.type === 'development')!, quota: { cpu: '64', memory: '64Gi', pods: 200 } };
  const objects = renderEnvironment({
    environment: { team: 'team-a', name: `bsec-${randomBytes(3).toString('hex')}`, type: 'development', owner: 'user:default/alice', createdAt: new Date().toISOString(), protected: false },
    settings: settings as any,
  });
  for (const object of objects) await admin.patch(object as any, undefined, undefined, 'slipway', true, PatchStrategy.ServerSideApply);
  const environment = environmentFromNamespace(objects[0] as any)!;
  const namespace = environment.namespace;
  const cluster = new ClusterAccess(loadKubeConfig(local.backendKubeconfig));
  const db = knexFactory({ client: 'better-sqlite3', connection: { filename: ':memory:' }, useNullAsDefault: true });
  const metadata = await SecretMetadataStore.create({ getClient: async () => db } as any);
  const secrets = new SecretService({ metadata, values: new KubernetesSecretStore(cluster.asService(CoreV1Api)), cluster, logger: quiet });
  try {
    // 1. Write → a new pod that reads it is Running.
    const samples: number[] = [];
    for (let i = 0; i < WRITES; i++) {
      const started = performance.now();
      await secrets.write('user:default/alice', environment, 'bench', { set: { [`key${i}`]: randomBytes(16).toString('hex') } });
      const pod = `reader-${i}`;
      await core.createNamespacedPod({
        namespace,
        body: { metadata: { name: pod }, spec: { securityContext: podSecurity, containers: [container([{ name: 'VALUE', valueFrom: { secretKeyRef: { name: 'bench', key: `key${i}` } } }])] } },
      });
      while ((await core.readNamespacedPod({ namespace, name: pod })).status?.phase !== 'Running') await sleep(20);
      samples.push(performance.now() - started);
    }
    console.log(`write → a new pod reading it is Running (kubernetes store, ${WRITES} runs): p50 ${percentile(samples, 50).toFixed(0)} ms, p95 ${percentile(samples, 95).toFixed(0)} ms`);

    // 2. Rotation with CONSUMERS consumers.
    await secrets.generate('user:default/alice', environment, 'shared', { generator: { kind: 'password', length: 32, alphabet: 'letters-digits' }, rotation: { everyDays: 30, graceHours: 1 } });
    for (let i = 0; i < CONSUMERS; i++) {
      const name = `consumer-${i}`;
      const labels = { 'app.kubernetes.io/name': name };
      await admin.patch(
        {
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          metadata: { name, namespace, labels },
          spec: {
            replicas: 2,
            selector: { matchLabels: labels },
            template: { metadata: { labels }, spec: { securityContext: podSecurity, containers: [container([{ name: 'SHARED', valueFrom: { secretKeyRef: { name: 'shared', key: 'password' } } }])] } },
          },
        } as any,
        undefined,
        undefined,
        'bench',
        true,
        PatchStrategy.ServerSideApply,
      );
      await admin.patch(
        { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name, namespace }, spec: { maxUnavailable: 1, selector: { matchLabels: labels } } } as any,
        undefined,
        undefined,
        'bench',
        true,
        PatchStrategy.ServerSideApply,
      );
    }
    const allReady = async () => (await apps.listNamespacedDeployment({ namespace })).items.filter(d => d.metadata?.name?.startsWith('consumer-')).every(d => d.status?.readyReplicas === 2);
    while (!(await allReady())) await sleep(100);
    const started = performance.now();
    const rotated = await secrets.rotate('user:default/alice', environment, 'shared');
    const version = `shared=${rotated.secret.version}`;
    const done = async () => {
      const deployments = (await apps.listNamespacedDeployment({ namespace })).items.filter(d => d.metadata?.name?.startsWith('consumer-'));
      return deployments.every(
        d =>
          d.spec?.template.metadata?.annotations?.[SECRET_VERSIONS_ANNOTATION] === version &&
          d.status?.observedGeneration === d.metadata?.generation &&
          d.status?.updatedReplicas === 2 &&
          d.status?.readyReplicas === 2 &&
          (d.status?.replicas ?? 0) === 2,
      );
    };
    while (!(await done())) await sleep(100);
    const history = await secrets.rotations(environment, 'shared');
    console.log(
      `rotation of a secret with ${CONSUMERS} consumers (2 replicas each, PDB maxUnavailable 1): every consumer runs the new version after ${(performance.now() - started).toFixed(0)} ms; restarted ${history[0].restarted.length} workloads once`,
    );
  } finally {
    await core.deleteNamespace({ name: namespace }).catch(() => undefined);
    await db.destroy();
  }
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
