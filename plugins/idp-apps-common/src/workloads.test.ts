import type { KubernetesManifest } from '@internal/plugin-idp-environments-common';
import { containersOf, objectName, podCount, podSpecs } from './workloads';

const pod = { containers: [{ name: 'app' }], initContainers: [{ name: 'init' }] };
const manifest = (kind: string, spec: unknown, name = 'app'): KubernetesManifest => ({ apiVersion: 'v1', kind, metadata: { name }, spec });

describe('podSpecs', () => {
  it('finds the pod spec of every workload kind, and nothing else', () => {
    const manifests = [
      manifest('Deployment', { template: { spec: pod } }),
      manifest('CronJob', { jobTemplate: { spec: { template: { spec: pod } } } }),
      manifest('Pod', pod),
      manifest('Service', {}),
    ];
    expect(podSpecs(manifests).map(p => [p.object, p.path])).toEqual([
      ['Deployment/app', 'spec.template.spec'],
      ['CronJob/app', 'spec.jobTemplate.spec.template.spec'],
      ['Pod/app', 'spec'],
    ]);
    expect(containersOf(podSpecs(manifests)[0]).map(c => [c.path, c.init])).toEqual([
      ['spec.template.spec.initContainers[0]', true],
      ['spec.template.spec.containers[0]', false],
    ]);
  });

  it('survives malformed expert YAML', () => {
    const broken = manifest('Deployment', { template: 'oops' });
    expect(podSpecs([broken])[0].spec).toEqual({});
    expect(containersOf(podSpecs([manifest('Pod', { containers: 'x' })])[0])).toEqual([]);
    expect(objectName({ apiVersion: 'v1', kind: 'Pod', metadata: {} } as KubernetesManifest)).toBe('Pod/(unnamed)');
  });
});

describe('podCount', () => {
  const hpa = (minReplicas?: number) => manifest('HorizontalPodAutoscaler', { scaleTargetRef: { kind: 'Deployment', name: 'app' }, minReplicas }, 'app');

  it('counts replicas, defaulting to 1 as Kubernetes does', () => {
    expect(podCount([], manifest('Deployment', { replicas: 4 }))).toBe(4);
    expect(podCount([], manifest('Deployment', {}))).toBe(1);
  });

  it("uses the autoscaler's minimum when it is larger (its own default is 1)", () => {
    expect(podCount([hpa(3)], manifest('Deployment', {}))).toBe(3);
    expect(podCount([hpa(3)], manifest('Deployment', { replicas: 5 }))).toBe(5);
    expect(podCount([hpa()], manifest('Deployment', {}))).toBe(1);
  });

  it('counts job parallelism and single pods', () => {
    expect(podCount([], manifest('Job', { parallelism: 2 }))).toBe(2);
    expect(podCount([], manifest('CronJob', { jobTemplate: { spec: {} } }))).toBe(1);
    expect(podCount([], manifest('Pod', {}))).toBe(1);
  });
});
