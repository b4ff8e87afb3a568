import type { KubernetesManifest } from '@internal/plugin-idp-environments-common';
import { AppSpec } from './appSpec';
import { GUARD_RAILS, GUARD_RAIL_IDS, GuardRailContext, GuardRailId, evaluateGuardRails } from './guardRails';
import { renderApp } from './render';

const web: AppSpec = { name: 'web', team: 'team-a', type: 'web', image: 'registry.example.com/team-a/web:1.4.2', port: 8080 };
const cron: AppSpec = { name: 'report', team: 'team-a', type: 'cron', image: 'registry.example.com/team-a/report:1.0.0', schedule: '@daily' };
const staging: GuardRailContext = { environmentType: 'staging' };
const production: GuardRailContext = { environmentType: 'production' };

const render = (spec: AppSpec = web, environmentType: GuardRailContext['environmentType'] = 'staging') =>
  renderApp(spec, { team: 'team-a', environment: environmentType === 'production' ? 'prod' : 'staging', environmentType });
/** Expert mode: edit the rendered Deployment's pod spec (or the whole manifest list). */
const editPod = (edit: (pod: any, container: any) => void, manifests = render()): KubernetesManifest[] => {
  const copy = JSON.parse(JSON.stringify(manifests));
  const workload = copy.find((m: any) => m.kind === 'Deployment' || m.kind === 'CronJob');
  const pod = workload.kind === 'CronJob' ? workload.spec.jobTemplate.spec.template.spec : workload.spec.template.spec;
  edit(pod, pod.containers[0]);
  return copy;
};
const violationsOf = (ruleId: GuardRailId, manifests: KubernetesManifest[], context: GuardRailContext = staging) =>
  evaluateGuardRails(manifests, context).violations.filter(v => v.ruleId === ruleId);

const POD = 'spec.template.spec';
const CONTAINER = `${POD}.containers[0]`;

describe('evaluateGuardRails', () => {
  it('passes every rule for the golden path, in staging and production', () => {
    for (const spec of [web, cron]) {
      expect(evaluateGuardRails(render(spec), staging)).toEqual({ passed: true, violations: [], rules: expect.any(Array) });
      expect(evaluateGuardRails(render(spec, 'production'), production).passed).toBe(true);
    }
  });

  it('reports each rule by id and title', () => {
    const result = evaluateGuardRails(render(), staging);
    expect(result.rules.map(r => r.id)).toEqual([
      'pod-security-restricted', 'resources-required', 'image-tag-pinned', 'allowed-registries', 'no-host-access', 'production-min-replicas', 'within-quota',
      'reserved-names', 'network-policy-narrows', 'service-exposure', 'slipway-labels',
    ]);
    expect(result.rules.every(r => r.passed && r.title.length > 0)).toBe(true);
    expect(GUARD_RAILS).toHaveLength(11);
    expect(GUARD_RAILS.map(r => r.id)).toEqual([...GUARD_RAIL_IDS]);
  });

  it('fails as a whole when one rule fails, and says which', () => {
    const result = evaluateGuardRails(editPod((_, c) => { c.image = 'registry.example.com/team-a/web:latest'; }), staging);
    expect(result.passed).toBe(false);
    expect(result.rules.filter(r => !r.passed).map(r => r.id)).toEqual(['image-tag-pinned']);
  });
});

describe('pod-security-restricted', () => {
  it.each([
    ['runAsNonRoot missing', (pod: any) => delete pod.securityContext.runAsNonRoot, `${POD}.securityContext.runAsNonRoot`, /may run as root/],
    ['runAsNonRoot false on the container', (_: any, c: any) => { c.securityContext.runAsNonRoot = false; }, `${CONTAINER}.securityContext.runAsNonRoot`, /may run as root/],
    ['runAsUser 0', (_: any, c: any) => { c.securityContext.runAsUser = 0; }, `${CONTAINER}.securityContext.runAsUser`, /root \(user 0\)/],
    ['privileged', (_: any, c: any) => { c.securityContext.privileged = true; }, `${CONTAINER}.securityContext.privileged`, /privileged/],
    ['privilege escalation', (_: any, c: any) => delete c.securityContext.allowPrivilegeEscalation, `${CONTAINER}.securityContext.allowPrivilegeEscalation`, /gain more privileges/],
    ['capabilities kept', (_: any, c: any) => { c.securityContext.capabilities.drop = ['NET_RAW']; }, `${CONTAINER}.securityContext.capabilities.drop`, /capabilities it does not need/],
    ['capabilities added', (_: any, c: any) => { c.securityContext.capabilities.add = ['SYS_ADMIN']; }, `${CONTAINER}.securityContext.capabilities.add`, /adds capabilities SYS_ADMIN/],
    ['seccomp missing', (pod: any) => delete pod.securityContext.seccompProfile, `${POD}.securityContext.seccompProfile.type`, /No seccomp profile/],
    ['seccomp unconfined', (_: any, c: any) => { c.securityContext.seccompProfile = { type: 'Unconfined' }; }, `${CONTAINER}.securityContext.seccompProfile.type`, /Unconfined does not filter/],
    ['volume type', (pod: any) => pod.volumes.push({ name: 'nfs', nfs: { server: 'x', path: '/' } }), `${POD}.volumes[1]`, /type nfs, which restricted pods may not use/],
    ['init container', (pod: any) => { pod.initContainers = [{ name: 'init', image: 'registry.example.com/x:1' }]; }, `${POD}.initContainers[0].securityContext.allowPrivilegeEscalation`, /gain more privileges/],
  ])('fails when %s', (_, edit, field, message) => {
    const violations = violationsOf('pod-security-restricted', editPod(edit));
    expect(violations).toContainEqual({ ruleId: 'pod-security-restricted', object: 'Deployment/web', field, message: expect.stringMatching(message), fix: expect.any(String) });
  });

  it('passes a pod that sets the context per container only, and the allowed volume types', () => {
    const manifests = editPod((pod, c) => {
      pod.securityContext = {};
      c.securityContext = { ...c.securityContext, runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' }, capabilities: { drop: ['ALL'], add: ['NET_BIND_SERVICE'] } };
      pod.volumes.push({ name: 'data', persistentVolumeClaim: { claimName: 'data' } }, { name: 'info', downwardAPI: { items: [] } }, { name: 'token', projected: { sources: [] } });
    });
    expect(violationsOf('pod-security-restricted', manifests)).toEqual([]);
  });

  it('judges CronJobs too', () => {
    const manifests = editPod(pod => delete pod.securityContext.runAsNonRoot, render(cron));
    expect(violationsOf('pod-security-restricted', manifests)).toEqual([
      expect.objectContaining({ object: 'CronJob/report', field: 'spec.jobTemplate.spec.template.spec.securityContext.runAsNonRoot', fix: expect.stringMatching(/runAsNonRoot: true/) }),
    ]);
  });
});

describe('resources-required', () => {
  it('fails for each missing request and limit, naming an example', () => {
    const violations = violationsOf('resources-required', editPod((_, c) => delete c.resources));
    expect(violations.map(v => v.field)).toEqual(['requests.cpu', 'requests.memory', 'limits.cpu', 'limits.memory'].map(f => `${CONTAINER}.resources.${f}`));
    expect(violations[0]).toMatchObject({ message: 'Container web has no request for cpu', fix: expect.stringMatching(/e\.g\. 250m/) });
  });

  it('fails for a value that is not a quantity', () => {
    expect(violationsOf('resources-required', editPod((_, c) => { c.resources.limits.memory = '1 gig'; }))).toEqual([
      expect.objectContaining({ field: `${CONTAINER}.resources.limits.memory`, message: 'The limit for memory "1 gig" is not a Kubernetes quantity' }),
    ]);
  });

  it('passes the golden path', () => {
    expect(violationsOf('resources-required', render())).toEqual([]);
  });
});

describe('image-tag-pinned', () => {
  it.each([
    ['registry.example.com/team-a/web:latest', /uses :latest/],
    ['registry.example.com/team-a/web', /has no tag/],
    ['', /is not an image reference/],
  ])('fails for %p', (image, message) => {
    expect(violationsOf('image-tag-pinned', editPod((_, c) => { c.image = image; }))).toEqual([
      { ruleId: 'image-tag-pinned', object: 'Deployment/web', field: `${CONTAINER}.image`, message: expect.stringMatching(message), fix: expect.any(String) },
    ]);
  });

  it('passes a version tag and a digest', () => {
    expect(violationsOf('image-tag-pinned', render())).toEqual([]);
    expect(violationsOf('image-tag-pinned', editPod((_, c) => { c.image = `registry.example.com/team-a/web@sha256:${'0'.repeat(64)}`; }))).toEqual([]);
  });
});

describe('allowed-registries', () => {
  it('fails for an image from elsewhere, naming the allowed ones', () => {
    expect(violationsOf('allowed-registries', editPod((_, c) => { c.image = 'docker.io/library/nginx:1.27'; }))).toEqual([
      { ruleId: 'allowed-registries', object: 'Deployment/web', field: `${CONTAINER}.image`, message: 'Image docker.io/library/nginx:1.27 is not from an allowed registry', fix: 'Push the image to one of registry.example.com/ and use it from there' },
    ]);
  });

  it('follows the configured list', () => {
    const settings = { allowedRegistries: ['ghcr.io/myorg/'], productionMinReplicas: 3 };
    expect(violationsOf('allowed-registries', render(), { ...staging, settings })).toHaveLength(1);
    expect(violationsOf('allowed-registries', editPod((_, c) => { c.image = 'ghcr.io/myorg/web:1'; }), { ...staging, settings })).toEqual([]);
  });
});

describe('no-host-access', () => {
  it.each([
    ['hostPath', (pod: any) => pod.volumes.push({ name: 'docker', hostPath: { path: '/var/run/docker.sock' } }), `${POD}.volumes[1].hostPath`, /mounts a directory of the node/],
    ['hostNetwork', (pod: any) => { pod.hostNetwork = true; }, `${POD}.hostNetwork`, /node's network namespace/],
    ['hostPID', (pod: any) => { pod.hostPID = true; }, `${POD}.hostPID`, /node's PID namespace/],
    ['hostIPC', (pod: any) => { pod.hostIPC = true; }, `${POD}.hostIPC`, /node's IPC namespace/],
    ['hostPort', (_: any, c: any) => { c.ports[0].hostPort = 80; }, `${CONTAINER}.ports[0].hostPort`, /opened on the node/],
  ])('fails for %s', (_, edit, field, message) => {
    expect(violationsOf('no-host-access', editPod(edit))).toEqual([
      { ruleId: 'no-host-access', object: 'Deployment/web', field, message: expect.stringMatching(message), fix: expect.any(String) },
    ]);
  });

  it('passes the golden path', () => {
    expect(violationsOf('no-host-access', render())).toEqual([]);
  });
});

describe('production-min-replicas', () => {
  it("fails an autoscaler whose minimum is below production's", () => {
    const manifests = render({ ...web, autoscaling: { enabled: true, minReplicas: 2 } }, 'production');
    expect(violationsOf('production-min-replicas', manifests, production)).toEqual([
      { ruleId: 'production-min-replicas', object: 'HorizontalPodAutoscaler/web', field: 'spec.minReplicas', message: 'The autoscaler may scale Deployment/web down to 2 replica(s)', fix: 'Set autoscaling minReplicas to at least 3' },
    ]);
  });

  it('fails fixed replicas below the minimum, and a Deployment without replicas (Kubernetes runs 1)', () => {
    expect(violationsOf('production-min-replicas', render({ ...web, replicas: 2 }, 'production'), production)).toEqual([
      expect.objectContaining({ object: 'Deployment/web', field: 'spec.replicas', message: 'Deployment/web runs 2 replica(s)' }),
    ]);
    const noReplicas = render({ ...web, autoscaling: { enabled: false } }, 'production').filter(m => m.kind !== 'HorizontalPodAutoscaler');
    delete (noReplicas.find(m => m.kind === 'Deployment') as any).spec.replicas;
    expect(violationsOf('production-min-replicas', noReplicas, production)).toEqual([expect.objectContaining({ message: 'Deployment/web runs 1 replica(s)' })]);
  });

  it('applies only to production, with the configured minimum', () => {
    const two = render({ ...web, replicas: 2 });
    expect(violationsOf('production-min-replicas', two, staging)).toEqual([]);
    expect(violationsOf('production-min-replicas', two, { ...production, settings: { allowedRegistries: ['registry.example.com/'], productionMinReplicas: 2 } })).toEqual([]);
  });
});

describe('within-quota', () => {
  const quota = (used: Record<string, string | number>) => ({ ...staging, quota: { hard: { cpu: '4', memory: '8Gi', pods: 20 }, used } });

  it('passes when 3 × (250m, 512Mi) fits in what is left', () => {
    expect(violationsOf('within-quota', render(), quota({ cpu: '3', memory: '6Gi', pods: 5 }))).toEqual([]);
    expect(violationsOf('within-quota', render(), quota({ cpu: '3250m', memory: '6656Mi', pods: 17 }))).toEqual([]); // exactly full
  });

  it('fails CPU and memory requests that do not fit, with the arithmetic', () => {
    const violations = violationsOf('within-quota', render(), quota({ cpu: '3500m', memory: '7Gi' }));
    expect(violations).toEqual([
      {
        ruleId: 'within-quota',
        object: 'Deployment/web',
        field: `${POD}.containers[*].resources.requests.cpu`,
        message: 'Needs 750m CPU requested for 3 pod(s), but team-a-staging has 500m left of its 4 quota (3500m in use)',
        fix: expect.stringMatching(/ask a tech lead to raise the quota/),
      },
      expect.objectContaining({ field: `${POD}.containers[*].resources.requests.memory`, message: 'Needs 1536Mi memory requested for 3 pod(s), but team-a-staging has 1Gi left of its 8Gi quota (7Gi in use)' }),
    ]);
  });

  it('fails on pods and on limits when the quota caps them', () => {
    expect(violationsOf('within-quota', render(), quota({ pods: '18' }))).toEqual([expect.objectContaining({ field: 'spec.replicas', message: expect.stringMatching(/^Needs 3 pods, but team-a-staging has 2 left/) })]);
    const limits = { ...staging, quota: { hard: { 'limits.cpu': '2', 'limits.memory': '8Gi' } } };
    expect(violationsOf('within-quota', render(), limits)).toEqual([expect.objectContaining({ message: 'Needs 3 CPU limit for 3 pod(s), but team-a-staging has 2 left of its 2 quota (0 in use)' })]);
  });

  it('counts fixed replicas, init containers and cron pods', () => {
    const five = render({ ...web, replicas: 5 });
    expect(violationsOf('within-quota', five, { ...staging, quota: { hard: { cpu: '1' } } })[0].message).toMatch(/Needs 1250m CPU requested for 5 pod\(s\)/);
    const withInit = editPod(pod => { pod.initContainers = [{ name: 'migrate', resources: { requests: { cpu: '2' } } }]; });
    expect(violationsOf('within-quota', withInit, { ...staging, quota: { hard: { cpu: '5' } } })[0].message).toMatch(/Needs 6 CPU requested/);
    expect(violationsOf('within-quota', render(cron), { ...staging, quota: { hard: { cpu: '250m' } } })).toEqual([]);
  });

  it('is not checked without a quota', () => {
    expect(violationsOf('within-quota', render({ ...web, replicas: 100 }))).toEqual([]);
  });
});
