import { renderClusterSetup } from '@internal/plugin-idp-environments-common';
import { parseDocument } from 'yaml';
import { CHART_DIR, ensureHelmTools, HelmTools, runTool } from './helmTools';
import { find, renderChart, VALUE_SETS, valueSetFile } from './renderChart';

jest.setTimeout(30 * 60_000);

let tools: HelmTools;
beforeAll(async () => {
  tools = await ensureHelmTools();
});

const deployment = (objects: any[]) => find(objects, 'Deployment')[0];
const container = (objects: any[]) => deployment(objects).spec.template.spec.containers[0];
const env = (objects: any[]) => Object.fromEntries(container(objects).env.map((e: any) => [e.name, e.value ?? e.valueFrom]));
const withoutHelmLabels = (o: any) => {
  const labels = Object.fromEntries(Object.entries(o.metadata.labels ?? {}).filter(([k]) => !['app.kubernetes.io/name', 'app.kubernetes.io/instance', 'app.kubernetes.io/component', 'app.kubernetes.io/version', 'helm.sh/chart'].includes(k)));
  return { ...o, metadata: { ...o.metadata, labels } };
};

describe('helm lint', () => {
  it.each(VALUE_SETS)('passes with the %s values', async set => {
    const { stdout } = await runTool(tools.helm, ['lint', CHART_DIR, '--strict', '--values', valueSetFile(set)]);
    expect(stdout).toMatch(/1 chart\(s\) linted, 0 chart\(s\) failed/);
  });
});

describe('helm template', () => {
  it('refuses to render without the required values, saying which and how to set them', async () => {
    const given = ['image.repository=registry.example.com/slipway', 'baseUrl=https://s.example.com', 'postgresql.host=db', 'oidc.metadataUrl=https://idp.example.com/.well-known/openid-configuration'];
    const without = (key: string) => given.filter(o => !o.startsWith(`${key}=`));
    await expect(renderChart(tools.helm, { overrides: without('baseUrl') })).rejects.toThrow(/baseUrl must be set to the URL people open, e\.g\. --set baseUrl=https:\/\/slipway\.example\.com/);
    await expect(renderChart(tools.helm, { overrides: without('image.repository') })).rejects.toThrow(/image\.repository must name the Slipway image built from the repository's Dockerfile/);
    await expect(renderChart(tools.helm, { overrides: without('postgresql.host') })).rejects.toThrow(/postgresql\.host must be set to your PostgreSQL server's host name/);
    await expect(renderChart(tools.helm, { overrides: without('oidc.metadataUrl') })).rejects.toThrow(/oidc\.metadataUrl must be set to your IdP's discovery document/);
    await expect(renderChart(tools.helm, { overrides: given })).resolves.toBeDefined();
    await expect(renderChart(tools.helm, { set: 'minimal', overrides: ['baseUrl=slipway.example.com'] })).rejects.toThrow(/baseUrl "slipway\.example\.com" must be an absolute http\(s\) URL/);
  });

  it('refuses a misspelt value or one of the wrong type, naming it (values.schema.json)', async () => {
    await expect(renderChart(tools.helm, { set: 'minimal', overrides: ['ingres.enabled=true'] })).rejects.toThrow(/values don't meet the specifications of the schema[\s\S]*ingres/);
    await expect(renderChart(tools.helm, { set: 'minimal', overrides: ['replicaCount=two'] })).rejects.toThrow(/values don't meet the specifications of the schema[\s\S]*replicaCount/);
    await expect(renderChart(tools.helm, { set: 'minimal', overrides: ['cluster.url=http://kubernetes.default.svc'] })).rejects.toThrow(/cluster[\s\S]*url/);
  });

  it('renders the backend with probes on the health endpoints, non-root on a read-only root filesystem', async () => {
    const { objects } = await renderChart(tools.helm, { set: 'minimal' });
    const pod = deployment(objects).spec.template.spec;
    const c = container(objects);
    expect(deployment(objects).spec.replicas).toBe(2);
    expect(c.image).toBe('registry.example.com/platform/slipway:2026.12.1');
    expect(c.startupProbe.httpGet).toEqual({ path: '/.backstage/health/v1/liveness', port: 'http' });
    expect(c.livenessProbe.httpGet).toEqual({ path: '/.backstage/health/v1/liveness', port: 'http' });
    expect(c.readinessProbe.httpGet).toEqual({ path: '/.backstage/health/v1/readiness', port: 'http' });
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
    expect(c.securityContext).toEqual({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } });
    expect(c.volumeMounts).toContainEqual({ name: 'tmp', mountPath: '/tmp' });
    expect(c.resources).toEqual({ requests: { cpu: '500m', memory: '1Gi' }, limits: { memory: '2Gi' } });
    expect(pod.serviceAccountName).toBe('slipway-backend');
    expect(c.command.slice(-2)).toEqual(['--config', '/etc/slipway/app-config.chart.yaml']);
    expect(find(objects, 'Service')[0].spec.ports).toEqual([{ name: 'http', port: 80, targetPort: 'http', protocol: 'TCP' }]);
    expect(find(objects, 'PodDisruptionBudget')[0].spec.minAvailable).toBe(1);
    expect(find(objects, 'Ingress')).toEqual([]);
  });

  it('sets the production variables, credentials only from Secrets, and generates the backend’s own secrets', async () => {
    const { objects } = await renderChart(tools.helm, { set: 'minimal' });
    expect(env(objects)).toEqual({
      NODE_ENV: 'production',
      SLIPWAY_BASE_URL: 'https://slipway.example.com',
      POSTGRES_HOST: 'postgres.databases.svc.cluster.local',
      POSTGRES_PORT: '5432',
      POSTGRES_USER: 'slipway',
      POSTGRES_PASSWORD: { secretKeyRef: { name: 'slipway-postgresql', key: 'password' } },
      AUTH_OIDC_METADATA_URL: 'https://idp.example.com/.well-known/openid-configuration',
      AUTH_OIDC_CLIENT_ID: { secretKeyRef: { name: 'slipway-oidc', key: 'client-id' } },
      AUTH_OIDC_CLIENT_SECRET: { secretKeyRef: { name: 'slipway-oidc', key: 'client-secret' } },
      BACKEND_SECRET: { secretKeyRef: { name: 'slipway-backend', key: 'backend-secret' } },
      AUTH_SESSION_SECRET: { secretKeyRef: { name: 'slipway-backend', key: 'session-secret' } },
      SLIPWAY_ORG_FILE: '/etc/slipway/org/org.yaml',
    });
    expect(deployment(objects).spec.template.spec.volumes).toContainEqual({ name: 'organization', configMap: { name: 'slipway-org', items: [{ key: 'org.yaml', path: 'org.yaml' }] } });
    const [secret] = find(objects, 'Secret', 'slipway-backend');
    for (const key of ['backend-secret', 'session-secret']) expect(Buffer.from(secret.data[key], 'base64').toString()).toMatch(/^[A-Za-z0-9]{48}$/);
  });

  it('leaves the organisation file out when an org provider supplies the people', async () => {
    const { objects } = await renderChart(tools.helm, { set: 'minimal', overrides: ['organization.configMap='] });
    expect(env(objects).SLIPWAY_ORG_FILE).toBeUndefined();
    expect(deployment(objects).spec.template.spec.volumes.map((v: any) => v.name)).toEqual(['app-config', 'tmp']);
  });

  it('points every plugin at the cluster it runs in through the pod’s service account', async () => {
    const { objects } = await renderChart(tools.helm, { set: 'minimal' });
    const [configMap] = find(objects, 'ConfigMap', 'slipway-app-config');
    expect(parseDocument(configMap.data['app-config.chart.yaml']).toJS()).toEqual({
      kubernetes: {
        clusterLocatorMethods: [
          {
            type: 'config',
            clusters: [
              {
                name: 'in-cluster',
                title: 'This cluster',
                url: 'https://kubernetes.default.svc',
                authProvider: 'serviceAccount',
                caFile: '/var/run/secrets/kubernetes.io/serviceaccount/ca.crt',
              },
            ],
          },
        ],
      },
    });
    expect(deployment(objects).spec.template.metadata.annotations['checksum/app-config']).toMatch(/^[0-9a-f]{64}$/);
  });

  it('installs the cluster setup the access table renders, bound to the release’s ServiceAccount', async () => {
    const { objects } = await renderChart(tools.helm, { set: 'minimal', release: 'portal', namespace: 'platform-tools', overrides: ['serviceAccount.name=portal-backend'] });
    // Helm orders objects by kind; compare them by kind and name.
    const byName = (a: any, b: any) => `${a.kind}/${a.metadata.name}`.localeCompare(`${b.kind}/${b.metadata.name}`);
    const clusterScoped = objects.filter(o => !o.metadata.namespace).map(withoutHelmLabels).sort(byName);
    const expected = renderClusterSetup({ identity: { namespace: 'platform-tools', serviceAccount: 'portal-backend' }, subjects: { users: [], groups: [] } }).items as any[];
    expect(clusterScoped).toEqual([...expected].sort(byName));
    expect(find(objects, 'ServiceAccount')[0].metadata).toMatchObject({ name: 'portal-backend', namespace: 'platform-tools' });
    // Slipway's own label stays (the backend's server-side applies and the admission policies rely on it).
    expect(objects.filter(o => !o.metadata.namespace).every(o => o.metadata.labels['app.kubernetes.io/managed-by'] === 'slipway')).toBe(true);
  });

  it('leaves the cluster setup, or only the admission policies, to the cluster’s admins when told to', async () => {
    const without = await renderChart(tools.helm, { set: 'minimal', overrides: ['clusterSetup.enabled=false'] });
    expect(without.objects.filter(o => !o.metadata.namespace)).toEqual([]);
    const noPolicies = await renderChart(tools.helm, { set: 'minimal', overrides: ['clusterSetup.admissionPolicies=false'] });
    const kinds = new Set(noPolicies.objects.filter(o => !o.metadata.namespace).map(o => o.kind));
    expect([...kinds].sort()).toEqual(['ClusterRole', 'ClusterRoleBinding']);
  });

  it('renders several replicas with a PodDisruptionBudget and an Ingress with TLS', async () => {
    const { objects } = await renderChart(tools.helm, { set: 'ha-ingress-tls' });
    expect(deployment(objects).spec.replicas).toBe(3);
    expect(deployment(objects).spec.strategy.rollingUpdate).toEqual({ maxUnavailable: 0, maxSurge: 1 });
    const [pdb] = find(objects, 'PodDisruptionBudget');
    expect(pdb.spec).toEqual({ minAvailable: 2, selector: { matchLabels: deployment(objects).spec.selector.matchLabels } });
    const [ingress] = find(objects, 'Ingress');
    expect(ingress.spec.ingressClassName).toBe('nginx');
    expect(ingress.spec.tls).toEqual([{ secretName: 'portal-example-com-tls', hosts: ['portal.example.com'] }]);
    expect(ingress.spec.rules[0].host).toBe('portal.example.com');
    expect(ingress.spec.rules[0].http.paths[0].backend.service).toEqual({ name: 'slipway', port: { name: 'http' } });
    expect(deployment(objects).spec.template.spec.topologySpreadConstraints).toHaveLength(1);
  });

  it('connects to an external PostgreSQL with the password from an existing Secret', async () => {
    const { objects } = await renderChart(tools.helm, { set: 'external-postgresql' });
    expect(env(objects)).toMatchObject({
      POSTGRES_HOST: 'slipway-db.abc123.eu-west-1.rds.amazonaws.com',
      POSTGRES_PORT: '6432',
      POSTGRES_USER: 'slipway_app',
      POSTGRES_PASSWORD: { secretKeyRef: { name: 'rds-slipway-credentials', key: 'PGPASSWORD' } },
    });
  });

  it('reads the IdP client and the backend’s secrets from existing Secrets, and creates none', async () => {
    const { objects } = await renderChart(tools.helm, { set: 'oidc-existing-secret' });
    expect(env(objects)).toMatchObject({
      AUTH_OIDC_METADATA_URL: 'https://login.example.com/realms/staff/.well-known/openid-configuration',
      AUTH_OIDC_CLIENT_ID: { secretKeyRef: { name: 'corp-idp-slipway-client', key: 'OIDC_CLIENT_ID' } },
      AUTH_OIDC_CLIENT_SECRET: { secretKeyRef: { name: 'corp-idp-slipway-client', key: 'OIDC_CLIENT_SECRET' } },
      BACKEND_SECRET: { secretKeyRef: { name: 'slipway-backend-keys', key: 'backend' } },
      AUTH_SESSION_SECRET: { secretKeyRef: { name: 'slipway-backend-keys', key: 'session' } },
    });
    expect(find(objects, 'Secret')).toEqual([]);
  });

  it('takes custom resources, scheduling and Slipway settings, with one replica and no PodDisruptionBudget', async () => {
    const { objects } = await renderChart(tools.helm, { set: 'custom-resources' });
    const pod = deployment(objects).spec.template.spec;
    expect(container(objects).resources).toEqual({ requests: { cpu: '2', memory: '3Gi' }, limits: { cpu: '4', memory: '6Gi' } });
    expect(pod.nodeSelector).toEqual({ 'node-role.example.com/platform': 'true' });
    expect(pod.tolerations).toEqual([{ key: 'platform', operator: 'Exists', effect: 'NoSchedule' }]);
    expect(env(objects).NODE_OPTIONS).toBe('--max-old-space-size=5120');
    expect(find(objects, 'PodDisruptionBudget')).toEqual([]);
    const config = parseDocument(find(objects, 'ConfigMap')[0].data['app-config.chart.yaml']).toJS();
    expect(config.slipway.guardRails).toEqual({ allowedRegistries: ['registry.example.com/'], productionMinReplicas: 2 });
    expect(config.slipway.costs.prices).toEqual({ currency: 'EUR', cpuCoreHour: 0.03, ramGiBHour: 0.004 });
    expect(config.kubernetes.clusterLocatorMethods[0].clusters[0].url).toBe('https://kubernetes.default.svc');
    // The Ingress would take its host from the base URL, port left out.
    const withIngress = await renderChart(tools.helm, { set: 'custom-resources', overrides: ['ingress.enabled=true'] });
    expect(find(withIngress.objects, 'Ingress')[0].spec.rules[0].host).toBe('slipway.internal.example.com');
  });

  it('puts every namespaced object in the release’s namespace', async () => {
    for (const set of VALUE_SETS) {
      const { objects } = await renderChart(tools.helm, { set, namespace: 'elsewhere' });
      const namespaced = objects.filter(o => !o.kind.startsWith('Cluster') && !o.kind.startsWith('ValidatingAdmissionPolicy'));
      expect(namespaced.map(o => `${o.kind}/${o.metadata.namespace}`).filter(s => !s.endsWith('/elsewhere'))).toEqual([]);
    }
  });
});
