import { KubernetesManifest } from '@internal/plugin-idp-environments-common';
import { resourceDelta } from './resourceDelta';

const deployment = (replicas: number, cpu: string, memory: string): KubernetesManifest => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'team-a-prod' },
  spec: { replicas, template: { spec: { containers: [{ name: 'web', resources: { requests: { cpu, memory } } }] } } },
});
const hpa = (minReplicas: number): KubernetesManifest => ({
  apiVersion: 'autoscaling/v2',
  kind: 'HorizontalPodAutoscaler',
  metadata: { name: 'web', namespace: 'team-a-prod' },
  spec: { minReplicas, scaleTargetRef: { name: 'web' } },
});

describe('resourceDelta', () => {
  it('counts a new app in full', () => {
    expect(resourceDelta([], [deployment(2, '250m', '256Mi')])).toEqual({ cpuMillicores: 500, memoryBytes: 2 * 256 * 1024 ** 2, replicas: 2 });
  });

  it('counts only the difference to what runs, with the autoscaler’s minimum as replicas', () => {
    expect(resourceDelta([deployment(2, '250m', '256Mi')], [deployment(2, '500m', '256Mi'), hpa(3)])).toEqual({ cpuMillicores: 1000, memoryBytes: 256 * 1024 ** 2, replicas: 1 });
    expect(resourceDelta([deployment(3, '1', '1Gi')], [deployment(1, '1', '1Gi')])).toEqual({ cpuMillicores: -2000, memoryBytes: -2 * 1024 ** 3, replicas: -2 });
  });
});
