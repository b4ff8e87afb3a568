import { renderApp } from './render';
import { requestedResources } from './requestedResources';
import { AppSpec } from './appSpec';

const deployment = (replicas: number | undefined, containers: unknown[], initContainers: unknown[] = []) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web' },
  spec: { ...(replicas === undefined ? {} : { replicas }), template: { spec: { containers, initContainers } } },
});
const container = (cpu?: string, memory?: string) => ({ name: 'c', resources: { requests: { ...(cpu ? { cpu } : {}), ...(memory ? { memory } : {}) } } });
const hpa = (minReplicas: number | undefined, maxReplicas: number) => ({
  apiVersion: 'autoscaling/v2',
  kind: 'HorizontalPodAutoscaler',
  metadata: { name: 'web' },
  spec: { scaleTargetRef: { kind: 'Deployment', name: 'web' }, ...(minReplicas === undefined ? {} : { minReplicas }), maxReplicas },
});

describe('requestedResources', () => {
  it('sums the containers of a pod and counts the replicas', () => {
    expect(requestedResources([deployment(3, [container('250m', '256Mi'), container('50m', '64Mi')])])).toEqual([
      { object: 'Deployment/web', perReplica: { cpuMillicores: 300, memoryBytes: 320 * 1024 ** 2 }, replicas: { min: 3, max: 3 }, perRun: false },
    ]);
  });

  it("takes an autoscaler's range, and one replica when none is given", () => {
    expect(requestedResources([deployment(undefined, [container('1', '1Gi')]), hpa(2, 6)])[0].replicas).toEqual({ min: 2, max: 6 });
    expect(requestedResources([deployment(undefined, [container('1', '1Gi')]), hpa(undefined, 4)])[0].replicas).toEqual({ min: 1, max: 4 });
    expect(requestedResources([deployment(undefined, [container('1', '1Gi')])])[0].replicas).toEqual({ min: 1, max: 1 });
  });

  it('counts an init container when it asks for more than the running ones, and nothing for missing or wrong quantities', () => {
    const [web] = requestedResources([deployment(1, [container('100m'), container('lots', '128Mi')], [container('500m', '64Mi')])]);
    expect(web.perReplica).toEqual({ cpuMillicores: 500, memoryBytes: 128 * 1024 ** 2 });
  });

  it('marks a CronJob as costing per run', () => {
    const cron = { apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'report' }, spec: { jobTemplate: { spec: { template: { spec: { containers: [container('500m', '512Mi')] } } } } } };
    expect(requestedResources([cron])).toEqual([{ object: 'CronJob/report', perReplica: { cpuMillicores: 500, memoryBytes: 512 * 1024 ** 2 }, replicas: { min: 1, max: 1 }, perRun: true }]);
  });

  it("reads the golden path's rendering: the preset's requests over the autoscaler's range", () => {
    const spec = { name: 'web', team: 'team-a', type: 'web', image: 'registry.example.com/team-a/web:1.0.0', port: 8080, autoscaling: { enabled: true, minReplicas: 2, maxReplicas: 5 } } as AppSpec;
    const [web] = requestedResources(renderApp(spec, { team: 'team-a', environment: 'dev', environmentType: 'development' }));
    expect(web.object).toBe('Deployment/web');
    expect(web.replicas).toEqual({ min: 2, max: 5 });
    expect(web.perReplica.cpuMillicores).toBeGreaterThan(0);
    expect(web.perReplica.memoryBytes).toBeGreaterThan(0);
  });
});
