import { pod, webContainer } from './__fixtures__/kubernetes';
import { podRequestsAndLimits, sumRequestsAndLimits } from './resources';

const MI = 2 ** 20;

describe('podRequestsAndLimits', () => {
  it('sums the containers of a golden-path pod', () => {
    expect(podRequestsAndLimits(pod('web-1'))).toEqual({
      requests: { cpuMillicores: 250, memoryBytes: 512 * MI },
      limits: { cpuMillicores: 1000, memoryBytes: 1024 * MI },
    });
  });

  it('counts the biggest init container when it is bigger than the containers together', () => {
    const migrate = webContainer({ name: 'migrate', resources: { requests: { cpu: '2', memory: '256Mi' }, limits: { cpu: '2', memory: '256Mi' } } });
    expect(podRequestsAndLimits(pod('web-1', { initContainers: [migrate] }))).toEqual({
      requests: { cpuMillicores: 2000, memoryBytes: 512 * MI },
      limits: { cpuMillicores: 2000, memoryBytes: 1024 * MI },
    });
  });

  it('has no limit when a container has none', () => {
    const sidecar = webContainer({ name: 'proxy', resources: { requests: { cpu: '50m', memory: '64Mi' } } });
    expect(podRequestsAndLimits(pod('web-1', { containers: [webContainer(), sidecar] }))).toEqual({
      requests: { cpuMillicores: 300, memoryBytes: 576 * MI },
      limits: {},
    });
  });
});

describe('sumRequestsAndLimits', () => {
  it('adds pods up, a limit only when every pod has one', () => {
    const web = podRequestsAndLimits(pod('web-1'));
    expect(sumRequestsAndLimits([web, web, web])).toEqual({
      requests: { cpuMillicores: 750, memoryBytes: 1536 * MI },
      limits: { cpuMillicores: 3000, memoryBytes: 3072 * MI },
    });
    expect(sumRequestsAndLimits([web, { requests: { cpuMillicores: 0, memoryBytes: 0 }, limits: { cpuMillicores: 100 } }]).limits).toEqual({ cpuMillicores: 1100 });
    expect(sumRequestsAndLimits([])).toEqual({ requests: { cpuMillicores: 0, memoryBytes: 0 }, limits: {} });
  });
});
