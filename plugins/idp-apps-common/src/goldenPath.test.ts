import { AppSpec } from './appSpec';
import { GOLDEN_PATH, RESOURCE_PRESETS, applyGoldenPath } from './goldenPath';

const simpleWeb: AppSpec = { name: 'user-service', team: 'team-a', type: 'web', image: 'registry.example.com/team-a/user-service:1.4.2', port: 8080 };

describe('the golden path table (PRODUCT.md), value by value', () => {
  it('minimum replicas: 3', () => {
    expect(GOLDEN_PATH.replicas).toBe(3);
  });

  it('requests: 250m CPU, 512Mi memory (preset medium)', () => {
    expect(GOLDEN_PATH.resourcePreset).toBe('medium');
    expect(RESOURCE_PRESETS.medium.requests).toEqual({ cpu: '250m', memory: '512Mi' });
  });

  it('limits: 1 CPU, 1Gi memory', () => {
    expect(RESOURCE_PRESETS.medium.limits).toEqual({ cpu: '1', memory: '1Gi' });
  });

  it('security context: runAsNonRoot true plus the rest of Pod Security restricted', () => {
    expect(GOLDEN_PATH.podSecurityContext).toEqual({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
    expect(GOLDEN_PATH.containerSecurityContext).toEqual({
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'] },
      readOnlyRootFilesystem: true,
    });
  });

  it('liveness probe: HTTP /healthz; readiness probe: HTTP /ready', () => {
    expect(GOLDEN_PATH.probes).toEqual({ liveness: { path: '/healthz' }, readiness: { path: '/ready' } });
  });

  it('HPA: min 3, max 20, CPU target 70%', () => {
    expect(GOLDEN_PATH.autoscaling).toMatchObject({ minReplicas: 3, maxReplicas: 20, targetCPU: 70 });
  });

  it('NetworkPolicy: ingress only from the ingress-nginx namespace', () => {
    expect(GOLDEN_PATH.ingressNamespace).toBe('ingress-nginx');
  });

  it('presets small and large bracket medium', () => {
    expect(RESOURCE_PRESETS.small).toEqual({ requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '500m', memory: '512Mi' } });
    expect(RESOURCE_PRESETS.large).toEqual({ requests: { cpu: '1', memory: '2Gi' }, limits: { cpu: '2', memory: '4Gi' } });
  });
});

describe('applyGoldenPath', () => {
  it('fills every default of a simple web app', () => {
    expect(applyGoldenPath(simpleWeb)).toEqual({
      name: 'user-service',
      team: 'team-a',
      type: 'web',
      image: 'registry.example.com/team-a/user-service:1.4.2',
      port: 8080,
      environmentVariables: [],
      resources: { preset: 'medium', requests: { cpu: '250m', memory: '512Mi' }, limits: { cpu: '1', memory: '1Gi' } },
      replicas: 3,
      autoscaling: { enabled: true, minReplicas: 3, maxReplicas: 20, targetCPU: 70 },
      probes: { liveness: { path: '/healthz' }, readiness: { path: '/ready' } },
      volumes: [],
    });
  });

  it('lets explicit values win', () => {
    const resolved = applyGoldenPath({
      ...simpleWeb,
      resources: { requests: { cpu: '500m', memory: '1Gi' }, limits: { cpu: '2', memory: '2Gi' } },
      autoscaling: { enabled: true, minReplicas: 2, maxReplicas: 10 },
      probes: { liveness: { path: '/live' } },
    });
    expect(resolved.resources).toEqual({ requests: { cpu: '500m', memory: '1Gi' }, limits: { cpu: '2', memory: '2Gi' } });
    expect(resolved.autoscaling).toEqual({ enabled: true, minReplicas: 2, maxReplicas: 10, targetCPU: 70 });
    expect(resolved.replicas).toBe(2);
    expect(resolved.probes).toEqual({ liveness: { path: '/live' }, readiness: { path: '/ready' } });
  });

  it('uses a preset by name', () => {
    expect(applyGoldenPath({ ...simpleWeb, resources: { preset: 'small' } }).resources).toEqual({ preset: 'small', ...RESOURCE_PRESETS.small });
  });

  it('takes a fixed replica count as the end of the default autoscaler', () => {
    const resolved = applyGoldenPath({ ...simpleWeb, replicas: 5 });
    expect(resolved.replicas).toBe(5);
    expect(resolved.autoscaling.enabled).toBe(false);
  });

  it('runs a worker with 3 fixed replicas, no autoscaler, no probes', () => {
    const resolved = applyGoldenPath({ name: 'mailer', team: 'team-a', type: 'worker', image: 'registry.example.com/team-a/mailer:1.0.0' });
    expect(resolved.replicas).toBe(3);
    expect(resolved.autoscaling.enabled).toBe(false);
    expect(resolved.probes).toBeUndefined();
    expect(resolved.port).toBeUndefined();
  });

  it('runs a cron job as one pod per run', () => {
    const resolved = applyGoldenPath({ name: 'report', team: 'team-a', type: 'cron', image: 'registry.example.com/team-a/report:1.0.0', schedule: '0 3 * * *' });
    expect(resolved).toMatchObject({ replicas: 1, schedule: '0 3 * * *', autoscaling: { enabled: false } });
    expect(resolved.probes).toBeUndefined();
  });

  it('does not share objects with the golden path table', () => {
    const resolved = applyGoldenPath(simpleWeb);
    resolved.resources.requests.cpu = '9';
    expect(RESOURCE_PRESETS.medium.requests.cpu).toBe('250m');
  });
});
