import { KubernetesManifest } from '@internal/plugin-idp-environments-common';
import { canonicalYaml, diffLines, diffManifests } from './diff';

const desired = (image = 'x:1'): KubernetesManifest => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'team-a-prod', labels: { app: 'web' } },
  spec: { replicas: 2, template: { spec: { containers: [{ name: 'web', image }] } } },
});

/** As the API server returns it: its own metadata, status and defaults added. */
const live = (image = 'x:1'): KubernetesManifest =>
  ({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name: 'web',
      namespace: 'team-a-prod',
      labels: { app: 'web' },
      annotations: { 'deployment.kubernetes.io/revision': '3' },
      uid: 'u-1',
      resourceVersion: '42',
      generation: 3,
      creationTimestamp: '2024-01-01T00:00:00Z',
      managedFields: [{ manager: 'slipway' }],
    },
    spec: {
      replicas: 2,
      progressDeadlineSeconds: 600,
      strategy: { type: 'RollingUpdate' },
      template: { spec: { dnsPolicy: 'ClusterFirst', containers: [{ name: 'web', image, imagePullPolicy: 'IfNotPresent', terminationMessagePath: '/dev/termination-log' }] } },
    },
    status: { readyReplicas: 2 },
  }) as KubernetesManifest;

const service: KubernetesManifest = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'team-a-prod' }, spec: { ports: [{ port: 80 }] } };

describe('diffManifests', () => {
  it('calls an object unchanged when only status, server metadata and defaults differ', () => {
    const [diff] = diffManifests([live()], [desired()]);
    expect(diff).toMatchObject({ kind: 'Deployment', name: 'web', change: 'unchanged' });
    expect(diff.lines.every(l => l.op === ' ')).toBe(true);
    expect(diff.lines.map(l => l.text).join('\n')).not.toMatch(/resourceVersion|uid|managedFields|status|imagePullPolicy|revision/);
  });

  it('shows a changed image as one line removed and one added', () => {
    const [diff] = diffManifests([live('x:1')], [desired('x:2')]);
    expect(diff.change).toBe('changed');
    expect(diff.lines.filter(l => l.op !== ' ')).toEqual([
      { op: '-', text: '        - image: "x:1"' },
      { op: '+', text: '        - image: "x:2"' },
    ]);
  });

  it('marks new objects added and objects no longer wanted removed', () => {
    const diffs = diffManifests([live(), service], [desired()]);
    expect(diffs.map(d => `${d.kind}/${d.name} ${d.change}`)).toEqual(['Deployment/web unchanged', 'Service/web removed']);
    expect(diffs[1].lines.every(l => l.op === '-')).toBe(true);
    const added = diffManifests([], [service]);
    expect(added).toEqual([{ kind: 'Service', name: 'web', change: 'added', lines: expect.arrayContaining([{ op: '+', text: 'kind: "Service"' }]) }]);
    expect(added[0].lines.every(l => l.op === '+')).toBe(true);
  });

  it('shows a field set live but changed in desired, matching list items by name', () => {
    const want = desired();
    (want.spec as any).template.spec.containers = [{ name: 'web', image: 'x:1', imagePullPolicy: 'Always' }];
    const [diff] = diffManifests([live()], [want]);
    expect(diff.lines.filter(l => l.op !== ' ').map(l => `${l.op}${l.text.trim()}`)).toEqual(['-imagePullPolicy: "IfNotPresent"', '+imagePullPolicy: "Always"']);
  });
});

describe('canonicalYaml and diffLines', () => {
  it('renders sorted keys, lists and scalars one per line', () => {
    expect(canonicalYaml({ b: [1, { y: 'a', x: true }], a: 'q' })).toEqual(['a: "q"', 'b:', '  - 1', '  - x: true', '    y: "a"']);
  });

  it('keeps common lines and orders removals before additions', () => {
    expect(diffLines(['a', 'b', 'c'], ['a', 'x', 'c', 'd'])).toEqual([
      { op: ' ', text: 'a' },
      { op: '-', text: 'b' },
      { op: '+', text: 'x' },
      { op: ' ', text: 'c' },
      { op: '+', text: 'd' },
    ]);
  });
});
