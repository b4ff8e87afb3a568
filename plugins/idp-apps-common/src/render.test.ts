import { parseAllDocuments } from 'yaml';
import { AppSpec } from './appSpec';
import { RenderTarget, renderApp, renderYaml } from './render';

const web: AppSpec = {
  name: 'user-service',
  team: 'team-a',
  type: 'web',
  image: 'registry.example.com/team-a/user-service:1.4.2',
  port: 8080,
  environmentVariables: [
    { name: 'DATABASE_URL', valueFrom: 'secret/db-credentials/url' },
    { name: 'LOG_LEVEL', value: 'info' },
  ],
};
const target: RenderTarget = { team: 'team-a', environment: 'staging', environmentType: 'staging' };
const labels = {
  'app.kubernetes.io/name': 'user-service',
  'app.kubernetes.io/managed-by': 'slipway',
  'slipway.dev/team': 'team-a',
  'slipway.dev/environment': 'staging',
  'slipway.dev/app': 'user-service',
};
const metadata = (name: string) => ({ name, namespace: 'team-a-staging', labels });
const kinds = (spec: AppSpec, to = target) => renderApp(spec, to).map(m => `${m.kind}/${m.metadata.name}`);
const find = (spec: AppSpec, kind: string, to = target) => renderApp(spec, to).find(m => m.kind === kind)! as any;

describe('renderApp: a web app on the golden path', () => {
  const manifests = renderApp(web, target);

  it('renders every object in apply order', () => {
    expect(kinds(web)).toEqual([
      'ServiceAccount/user-service',
      'ConfigMap/user-service-config',
      'Deployment/user-service',
      'Service/user-service',
      'HorizontalPodAutoscaler/user-service',
      'PodDisruptionBudget/user-service',
      'NetworkPolicy/user-service-ingress',
    ]);
  });

  it("labels every object with app, team and environment, in the environment's namespace", () => {
    for (const manifest of manifests) expect(manifest.metadata).toEqual(metadata(manifest.metadata.name));
  });

  it('adds part-of when the app belongs to a system', () => {
    const deployment = find(web, 'Deployment', { ...target, partOf: 'payments' });
    expect(Object.keys(deployment.metadata.labels)).toEqual([
      'app.kubernetes.io/name',
      'app.kubernetes.io/part-of',
      'app.kubernetes.io/managed-by',
      'slipway.dev/team',
      'slipway.dev/environment',
      'slipway.dev/app',
    ]);
    expect(deployment.metadata.labels['app.kubernetes.io/part-of']).toBe('payments');
  });

  it('renders the Deployment with the golden path values', () => {
    const deployment = find(web, 'Deployment');
    expect(deployment.spec.replicas).toBeUndefined(); // the autoscaler owns it
    expect(deployment.spec.selector).toEqual({ matchLabels: { 'slipway.dev/app': 'user-service' } });
    expect(deployment.spec.template.metadata.labels).toEqual(labels);
    expect(deployment.spec.template.metadata.annotations['slipway.dev/config-hash']).toMatch(/^[0-9a-f]{8}$/);
    expect(deployment.spec.template.spec).toEqual({
      serviceAccountName: 'user-service',
      securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
      containers: [
        {
          name: 'user-service',
          image: 'registry.example.com/team-a/user-service:1.4.2',
          ports: [{ name: 'http', containerPort: 8080, protocol: 'TCP' }],
          env: [
            { name: 'DATABASE_URL', valueFrom: { secretKeyRef: { name: 'db-credentials', key: 'url' } } },
            { name: 'LOG_LEVEL', valueFrom: { configMapKeyRef: { name: 'user-service-config', key: 'LOG_LEVEL' } } },
          ],
          resources: { requests: { cpu: '250m', memory: '512Mi' }, limits: { cpu: '1', memory: '1Gi' } },
          livenessProbe: { httpGet: { path: '/healthz', port: 'http' } },
          readinessProbe: { httpGet: { path: '/ready', port: 'http' } },
          securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, readOnlyRootFilesystem: true },
          volumeMounts: [{ name: 'slipway-tmp', mountPath: '/tmp' }],
        },
      ],
      volumes: [{ name: 'slipway-tmp', emptyDir: {} }],
    });
  });

  it('keeps plain values in a ConfigMap and secrets as references only', () => {
    expect(find(web, 'ConfigMap').data).toEqual({ LOG_LEVEL: 'info' });
    expect(JSON.stringify(manifests)).not.toContain('kind":"Secret"');
  });

  it('rolls the pods when a plain value changes', () => {
    const hash = (spec: AppSpec) => find(spec, 'Deployment').spec.template.metadata.annotations['slipway.dev/config-hash'];
    const changed = { ...web, environmentVariables: [{ name: 'LOG_LEVEL', value: 'debug' }] };
    expect(hash(changed)).not.toBe(hash(web));
  });

  it('renders the Service from port 80 to the app port', () => {
    expect(find(web, 'Service').spec).toEqual({
      type: 'ClusterIP',
      selector: { 'slipway.dev/app': 'user-service' },
      ports: [{ name: 'http', port: 80, targetPort: 8080, protocol: 'TCP' }],
    });
  });

  it('renders the HPA: min 3, max 20, CPU 70%', () => {
    expect(find(web, 'HorizontalPodAutoscaler')).toMatchObject({
      apiVersion: 'autoscaling/v2',
      spec: {
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'user-service' },
        minReplicas: 3,
        maxReplicas: 20,
        metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } }],
      },
    });
  });

  it('renders the PodDisruptionBudget with maxUnavailable 1', () => {
    expect(find(web, 'PodDisruptionBudget')).toMatchObject({ apiVersion: 'policy/v1', spec: { maxUnavailable: 1, selector: { matchLabels: { 'slipway.dev/app': 'user-service' } } } });
  });

  it('allows ingress only from ingress-nginx, on the app port', () => {
    expect(find(web, 'NetworkPolicy').spec).toEqual({
      podSelector: { matchLabels: { 'slipway.dev/app': 'user-service' } },
      policyTypes: ['Ingress'],
      ingress: [{ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } } }], ports: [{ protocol: 'TCP', port: 8080 }] }],
    });
    expect(find(web, 'NetworkPolicy', { ...target, ingressNamespace: 'traefik' }).spec.ingress[0].from[0].namespaceSelector.matchLabels).toEqual({ 'kubernetes.io/metadata.name': 'traefik' });
  });

  it('gives the ServiceAccount no API token', () => {
    expect(find(web, 'ServiceAccount')).toEqual({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: metadata('user-service'), automountServiceAccountToken: false });
  });
});

describe('renderApp: other shapes', () => {
  const worker: AppSpec = { name: 'mailer', team: 'team-a', type: 'worker', image: 'registry.example.com/team-a/mailer:2.0.0' };
  const cron: AppSpec = { name: 'report', team: 'team-a', type: 'cron', image: 'registry.example.com/team-a/report:1.0.0', schedule: '0 3 * * *' };

  it('renders a worker: fixed replicas, no Service, no HPA, a deny-all NetworkPolicy', () => {
    expect(kinds(worker)).toEqual(['ServiceAccount/mailer', 'Deployment/mailer', 'PodDisruptionBudget/mailer', 'NetworkPolicy/mailer-ingress']);
    const deployment = find(worker, 'Deployment');
    expect(deployment.spec.replicas).toBe(3);
    expect(deployment.spec.template.spec.containers[0].ports).toBeUndefined();
    expect(deployment.spec.template.spec.containers[0].livenessProbe).toBeUndefined();
    expect(find(worker, 'NetworkPolicy').spec).toEqual({ podSelector: { matchLabels: { 'slipway.dev/app': 'mailer' } }, policyTypes: ['Ingress'] });
  });

  it('renders no PodDisruptionBudget for a single replica', () => {
    expect(kinds({ ...worker, replicas: 1 })).not.toContain('PodDisruptionBudget/mailer');
  });

  it('renders a cron job: CronJob in UTC, one run at a time, restarting on failure', () => {
    expect(kinds(cron)).toEqual(['ServiceAccount/report', 'CronJob/report', 'NetworkPolicy/report-ingress']);
    const cronJob = find(cron, 'CronJob');
    expect(cronJob.apiVersion).toBe('batch/v1');
    expect(cronJob.spec).toMatchObject({ schedule: '0 3 * * *', timeZone: 'Etc/UTC', concurrencyPolicy: 'Forbid' });
    const pod = cronJob.spec.jobTemplate.spec.template.spec;
    expect(pod.restartPolicy).toBe('OnFailure');
    expect(pod.securityContext.runAsNonRoot).toBe(true);
    expect(pod.containers[0].resources.requests).toEqual({ cpu: '250m', memory: '512Mi' });
  });

  it('sets fixed replicas when autoscaling is off', () => {
    const spec = { ...web, autoscaling: { enabled: false } };
    expect(find(spec, 'Deployment').spec.replicas).toBe(3);
    expect(kinds(spec)).not.toContain('HorizontalPodAutoscaler/user-service');
  });

  it('mounts volumes, read-only for configuration, and keeps /tmp writable', () => {
    const spec: AppSpec = {
      ...web,
      volumes: [
        { name: 'settings', type: 'configMap', mountPath: '/etc/app', source: 'app-settings' },
        { name: 'tls', type: 'secret', mountPath: '/etc/tls', source: 'app-tls' },
        { name: 'scratch', type: 'emptyDir', mountPath: '/tmp' },
      ],
    };
    const pod = find(spec, 'Deployment').spec.template.spec;
    expect(pod.volumes).toEqual([
      { name: 'settings', configMap: { name: 'app-settings' } },
      { name: 'tls', secret: { secretName: 'app-tls' } },
      { name: 'scratch', emptyDir: {} },
    ]);
    expect(pod.containers[0].volumeMounts).toEqual([
      { name: 'settings', mountPath: '/etc/app', readOnly: true },
      { name: 'tls', mountPath: '/etc/tls', readOnly: true },
      { name: 'scratch', mountPath: '/tmp' },
    ]);
  });

  it('runs the built image of a gitRepo app, and refuses to guess one', () => {
    const { image, ...rest } = web;
    const built: AppSpec = { ...rest, gitRepo: 'https://github.com/myorg/user-service', buildpack: 'node' };
    expect(find(built, 'Deployment', { ...target, image: 'registry.example.com/team-a/user-service:abc123' }).spec.template.spec.containers[0].image).toBe(
      'registry.example.com/team-a/user-service:abc123',
    );
    expect(() => renderApp(built, target)).toThrow(/pass the built image as target\.image/);
  });

  it("refuses another team's environment", () => {
    expect(() => renderApp(web, { ...target, team: 'team-b' })).toThrow(/belongs to team-a, not team-b/);
  });
});

describe('determinism', () => {
  it('renders the same spec to byte-identical YAML', () => {
    const first = renderYaml(renderApp(web, target));
    const second = renderYaml(renderApp(JSON.parse(JSON.stringify(web)), { ...target }));
    expect(second).toBe(first);
  });

  it('keeps a stable key order', () => {
    const deployment = find(web, 'Deployment');
    expect(Object.keys(deployment)).toEqual(['apiVersion', 'kind', 'metadata', 'spec']);
    expect(Object.keys(deployment.spec)).toEqual(['selector', 'template']);
    expect(Object.keys(deployment.spec.template.spec.containers[0])).toEqual([
      'name', 'image', 'ports', 'env', 'resources', 'livenessProbe', 'readinessProbe', 'securityContext', 'volumeMounts',
    ]);
  });

  it('writes multi-document YAML without anchors that parses back to the manifests', () => {
    const manifests = renderApp(web, target);
    const yaml = renderYaml(manifests);
    expect(yaml).not.toMatch(/[&*]a\d/);
    expect(yaml.startsWith('apiVersion: v1\nkind: ServiceAccount\n')).toBe(true);
    expect(yaml.split('---\n')).toHaveLength(manifests.length);
    expect(parseAllDocuments(yaml).map(d => (d as any).toJS())).toEqual(manifests);
    expect(yaml).toContain('cpu: "1"');
  });
});
