import { KubernetesManifest } from '@internal/plugin-idp-environments-common';
import { manifestImages } from './revisions';

const pod = (...images: string[]) => ({ initContainers: [{ name: 'migrate', image: images[0] }], containers: images.slice(1).map((image, i) => ({ name: `c${i}`, image })) });
const object = (kind: string, spec: Record<string, unknown>): KubernetesManifest => ({ apiVersion: 'v1', kind, metadata: { name: kind.toLowerCase() }, spec });

describe('manifestImages', () => {
  it('lists the images of every workload kind once, init containers first, and ignores objects without pods', () => {
    expect(
      manifestImages([
        object('Deployment', { template: { spec: pod('r/migrate:1', 'r/web:1.4.2', 'r/sidecar:2') } }),
        object('Service', { ports: [{ port: 80 }] }),
        object('CronJob', { jobTemplate: { spec: { template: { spec: { containers: [{ name: 'c', image: 'r/report:3' }, { name: 'd', image: 'r/web:1.4.2' }] } } } } }),
        object('Pod', { containers: [{ name: 'p', image: 'r/debug:1' }, { name: 'q' }] }),
      ]),
    ).toEqual(['r/migrate:1', 'r/web:1.4.2', 'r/sidecar:2', 'r/report:3', 'r/debug:1']);
    expect(manifestImages([])).toEqual([]);
  });
});
