import { ensureLocalCluster, LocalCluster } from '@internal/local-cluster';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { CHART_DIR, ensureHelmTools, HelmTools, runTool } from './helmTools';
import { kubeconformSchemas, OpenApiV2 } from './openApiSchemas';
import { find, renderChart, VALUE_SETS, valueSetFile } from './renderChart';

/*
 * The chart against the real local API server (shared with other tests): its output validated with kubeconform
 * against the server's own OpenAPI schemas, accepted by a server-side dry-run, and installed with helm into a
 * throwaway namespace (KWOK runs the pods), then uninstalled without a trace.
 */
jest.setTimeout(30 * 60_000);

let tools: HelmTools;
let cluster: LocalCluster;
let openapi: OpenApiV2;
let work: string;
const namespace = `helm-chart-${randomBytes(3).toString('hex')}`;
const kubectl = (args: string[], input?: string) => runTool(cluster.kubectl, ['--kubeconfig', cluster.adminKubeconfig, ...args], { input });

beforeAll(async () => {
  [tools, cluster] = await Promise.all([ensureHelmTools(), ensureLocalCluster()]);
  openapi = JSON.parse((await kubectl(['get', '--raw', '/openapi/v2'])).stdout);
  work = mkdtempSync(join(tmpdir(), 'slipway-chart-'));
  // Pod Security "restricted", as Slipway's environments: the backend's pod must pass it.
  await kubectl(['create', 'namespace', namespace]);
  await kubectl(['label', 'namespace', namespace, 'pod-security.kubernetes.io/enforce=restricted']);
});

afterAll(async () => {
  if (cluster) await kubectl(['delete', 'namespace', namespace, '--ignore-not-found', '--wait=false']).catch(() => undefined);
  if (work) rmSync(work, { recursive: true, force: true });
});

async function kubeconform(yaml: string, objects: any[]) {
  const schemaDir = mkdtempSync(join(work, 'schemas-'));
  for (const [file, schema] of kubeconformSchemas(openapi, objects)) writeFileSync(join(schemaDir, file), JSON.stringify(schema));
  const manifest = join(schemaDir, 'manifest.yaml');
  writeFileSync(manifest, yaml);
  return runTool(tools.kubeconform, ['-strict', '-summary', '-schema-location', `${schemaDir}/{{ .ResourceKind }}{{ .KindSuffix }}.json`, manifest]);
}

describe('the chart against the local API server', () => {
  it.each(VALUE_SETS)('passes kubeconform with the API server’s schemas (%s values)', async set => {
    const { yaml, objects } = await renderChart(tools.helm, { set, namespace });
    const { stdout } = await kubeconform(yaml, objects);
    expect(stdout).toMatch(new RegExp(`Summary: ${objects.length} resources found in 1 file - Valid: ${objects.length}, Invalid: 0, Errors: 0, Skipped: 0`));
  });

  it('kubeconform with those schemas refuses a misspelt field and a wrong type', async () => {
    const { objects } = await renderChart(tools.helm, { set: 'minimal', namespace });
    const deployment = find(objects, 'Deployment')[0];
    const broken = JSON.parse(JSON.stringify(deployment));
    broken.spec.template.spec.containers[0].readinesProbe = broken.spec.template.spec.containers[0].readinessProbe;
    broken.spec.replicas = 'two';
    await expect(kubeconform(JSON.stringify(broken), [broken])).rejects.toThrow(/readinesProbe|additional properties/i);
  });

  it.each(VALUE_SETS)('is accepted by a server-side dry-run (%s values)', async set => {
    const { yaml, objects } = await renderChart(tools.helm, { set, namespace });
    const { stdout } = await kubectl(['apply', '--dry-run=server', '-f', '-'], yaml);
    expect(stdout.trim().split('\n')).toHaveLength(objects.length);
    expect(stdout).toMatch(/deployment\.apps\/slipway (created|configured) \(server dry run\)/);
  });

  it('installs with helm into a namespace: the pods become Ready; uninstalling leaves nothing', async () => {
    const release = 'slipway';
    // The credentials the values name exist before the install, as the admin guide says.
    await kubectl(['-n', namespace, 'create', 'secret', 'generic', 'slipway-postgresql', '--from-literal=password=not-used-by-kwok']);
    await kubectl(['-n', namespace, 'create', 'secret', 'generic', 'slipway-oidc', '--from-literal=client-id=slipway', '--from-literal=client-secret=not-used-by-kwok']);
    await kubectl(['-n', namespace, 'create', 'configmap', 'slipway-org', `--from-file=org.yaml=${resolve(CHART_DIR, '../../catalog/org.yaml')}`]);
    const helm = (args: string[]) => runTool(tools.helm, [...args, '--kubeconfig', cluster.adminKubeconfig, '--namespace', namespace], { timeoutMs: 10 * 60_000 });
    // The shared cluster already holds Slipway's cluster setup (cluster/manifests): the release leaves it alone.
    await helm(['install', release, CHART_DIR, '--values', valueSetFile('ha-ingress-tls'), '--set', 'clusterSetup.enabled=false', '--wait', '--timeout', '5m']);
    const pods = JSON.parse((await kubectl(['-n', namespace, 'get', 'pods', '-l', `app.kubernetes.io/instance=${release}`, '-o', 'json'])).stdout).items;
    expect(pods).toHaveLength(3);
    for (const pod of pods) expect(pod.status.conditions.find((c: any) => c.type === 'Ready')?.status).toBe('True');
    const kinds = 'deployments,replicasets,pods,services,ingresses,poddisruptionbudgets,configmaps,secrets,serviceaccounts';
    const installed = (await kubectl(['-n', namespace, 'get', kinds, '-l', `app.kubernetes.io/instance=${release}`, '-o', 'name'])).stdout;
    for (const name of ['deployment.apps/slipway', 'service/slipway', 'ingress.networking.k8s.io/slipway', 'poddisruptionbudget.policy/slipway', 'configmap/slipway-app-config', 'secret/slipway-backend', 'serviceaccount/slipway-backend']) {
      expect(installed).toContain(name);
    }

    await helm(['uninstall', release, '--wait', '--timeout', '5m']);
    const left = async () => (await kubectl(['-n', namespace, 'get', kinds, '-l', `app.kubernetes.io/instance=${release}`, '-o', 'name'])).stdout.trim();
    // Pods end after their ReplicaSet goes; KWOK deletes them within seconds.
    const deadline = Date.now() + 120_000;
    while ((await left()) !== '' && Date.now() < deadline) await new Promise(r => setTimeout(r, 2000));
    expect(await left()).toBe('');
    expect((await helm(['list', '--all', '-q'])).stdout.trim()).toBe('');
  });
});
