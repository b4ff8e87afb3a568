import type { EnvironmentType, KubernetesManifest } from '@internal/plugin-idp-environments-common';
import { ENVIRONMENT_OBJECT_NAMES } from '@internal/plugin-idp-environments-common';
import { expectedSlipwayLabels } from './accessGuardRails';
import { AppSpec } from './appSpec';
import { GuardRailContext, GuardRailId, evaluateGuardRails } from './guardRails';
import { RenderTarget, renderApp } from './render';

const web: AppSpec = { name: 'web', team: 'team-a', type: 'web', image: 'registry.example.com/team-a/web:1.4.2', port: 8080 };
const worker: AppSpec = { name: 'queue', team: 'team-a', type: 'worker', image: 'registry.example.com/team-a/queue:2.0.0' };
const cron: AppSpec = { name: 'report', team: 'team-a', type: 'cron', image: 'registry.example.com/team-a/report:1.0.0', schedule: '@daily' };

const ACCESS_RULES: GuardRailId[] = ['reserved-names', 'network-policy-narrows', 'service-exposure', 'slipway-labels'];
/** What the judge passes: the labels as the renderer writes them, spelled out. */
const judged = (environment: string, environmentType: EnvironmentType, extra: Partial<GuardRailContext> = {}): GuardRailContext => ({
  environmentType,
  expectedLabels: { 'slipway.dev/team': 'team-a', 'slipway.dev/environment': environment, 'app.kubernetes.io/managed-by': 'slipway' },
  ...extra,
});
const staging = judged('staging', 'staging');
const development = judged('dev', 'development');

const render = (spec: AppSpec = web, target: Partial<RenderTarget> = {}) =>
  renderApp(spec, { team: 'team-a', environment: 'staging', environmentType: 'staging', ...target });
/** Expert mode: edit the first manifest of a kind (or add objects) in a copy of the rendered list. */
const edit = (kind: string, change: (manifest: any) => void, manifests: KubernetesManifest[] = render()): KubernetesManifest[] => {
  const copy = JSON.parse(JSON.stringify(manifests));
  change(copy.find((m: any) => m.kind === kind));
  return copy;
};
const adding = (...objects: KubernetesManifest[]) => [...render(), ...objects];
const violationsOf = (ruleId: GuardRailId, manifests: KubernetesManifest[], context: GuardRailContext = staging) =>
  evaluateGuardRails(manifests, context).violations.filter(v => v.ruleId === ruleId);
const accessViolations = (manifests: KubernetesManifest[], context: GuardRailContext) =>
  evaluateGuardRails(manifests, context).violations.filter(v => ACCESS_RULES.includes(v.ruleId));

describe('the golden path', () => {
  it.each([
    ['development', 'dev'],
    ['staging', 'staging'],
    ['production', 'prod'],
    ['preview', 'pr-42'],
  ] as [EnvironmentType, string][])('passes every access rule in a %s environment, for web, worker and cron apps', (environmentType, environment) => {
    const variants: AppSpec[] = [
      web,
      worker,
      cron,
      { ...web, autoscaling: { enabled: false }, replicas: 4, environmentVariables: [{ name: 'LOG_LEVEL', value: 'info' }] },
      { ...worker, replicas: 2 },
    ];
    for (const spec of variants) {
      const manifests = renderApp(spec, { team: 'team-a', environment, environmentType, partOf: 'shop' });
      expect(accessViolations(manifests, judged(environment, environmentType))).toEqual([]);
      expect(accessViolations(manifests, { environmentType, expectedLabels: expectedSlipwayLabels('team-a', environment) })).toEqual([]);
    }
  });

  it('passes every rule in staging, the new ones included', () => {
    for (const spec of [web, worker, cron]) {
      const result = evaluateGuardRails(render(spec), staging);
      expect(result.violations).toEqual([]);
      expect(result.rules.filter(r => ACCESS_RULES.includes(r.id)).map(r => [r.id, r.passed])).toEqual(ACCESS_RULES.map(id => [id, true]));
    }
  });

  it('passes with a configured ingress namespace when the judge is given the same one', () => {
    const manifests = render(web, { ingressNamespace: 'traefik' });
    expect(accessViolations(manifests, { ...staging, ingressNamespace: 'traefik' })).toEqual([]);
    expect(violationsOf('network-policy-narrows', manifests)).toEqual([expect.objectContaining({ field: 'spec.ingress[0].from[0]', message: expect.stringMatching(/namespace traefik/) })]);
  });

  it('expectedSlipwayLabels gives the labels the renderer writes', () => {
    expect(expectedSlipwayLabels('team-a', 'staging')).toEqual({ 'slipway.dev/team': 'team-a', 'slipway.dev/environment': 'staging', 'app.kubernetes.io/managed-by': 'slipway' });
    const labels = render()[0].metadata?.labels as Record<string, string>;
    expect(labels).toMatchObject(expectedSlipwayLabels('team-a', 'staging'));
  });
});

describe('reserved-names', () => {
  it('reserves exactly the names of the objects every environment gets', () => {
    expect(Object.values(ENVIRONMENT_OBJECT_NAMES).sort()).toEqual(
      ['slipway-quota', 'slipway-defaults', 'default-deny', 'allow-from-ingress', 'allow-same-namespace', 'slipway-developers', 'slipway-leads', 'slipway-platform-admins'].sort(),
    );
  });

  it.each([
    ['ResourceQuota', 'slipway-quota'],
    ['LimitRange', 'slipway-defaults'],
    ['NetworkPolicy', 'default-deny'],
    ['NetworkPolicy', 'allow-from-ingress'],
    ['NetworkPolicy', 'allow-same-namespace'],
    ['RoleBinding', 'slipway-developers'],
    ['RoleBinding', 'slipway-leads'],
    ['RoleBinding', 'slipway-platform-admins'],
    ['ConfigMap', 'default-deny'],
  ])('refuses a %s named %s', (kind, name) => {
    const manifests = adding({ apiVersion: 'v1', kind, metadata: { name, namespace: 'team-a-staging' } });
    expect(violationsOf('reserved-names', manifests)).toEqual([
      {
        ruleId: 'reserved-names',
        object: `${kind}/${name}`,
        field: 'metadata.name',
        message: `${kind} ${name} has the name of an object the platform puts in every environment; applied, it would overwrite the environment's own`,
        fix: `Rename it, e.g. web-${name}`,
      },
    ]);
  });

  it("refuses renaming one of the app's own objects to a reserved name", () => {
    const manifests = edit('NetworkPolicy', policy => { policy.metadata.name = 'allow-from-ingress'; });
    expect(violationsOf('reserved-names', manifests)).toEqual([
      expect.objectContaining({ object: 'NetworkPolicy/allow-from-ingress', field: 'metadata.name', message: expect.stringMatching(/platform puts in every environment/) }),
    ]);
  });

  it('passes names that only contain a reserved one', () => {
    const manifests = adding(
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'web-default-deny' } },
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'slipway-quota-copy' } },
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'Default-Deny-notes' } },
    );
    expect(violationsOf('reserved-names', manifests)).toEqual([]);
  });

  it("takes the example's app name from the workload when no object has the app label", () => {
    const manifests: KubernetesManifest[] = [
      { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'api' } },
      { apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name: 'slipway-quota' } },
    ];
    expect(violationsOf('reserved-names', manifests)[0].fix).toBe('Rename it, e.g. api-slipway-quota');
    expect(violationsOf('reserved-names', [manifests[1]])[0].fix).toBe('Rename it, e.g. <app>-slipway-quota');
  });
});

describe('network-policy-narrows', () => {
  const policy = (ingress: unknown[], extra: Record<string, unknown> = {}): KubernetesManifest => ({
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name: 'web-extra' },
    spec: { podSelector: { matchLabels: { 'slipway.dev/app': 'web' } }, policyTypes: ['Ingress'], ingress, ...extra },
  });
  const ingressController = { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } } };
  const samePods = { podSelector: { matchLabels: { 'slipway.dev/app': 'api' } } };
  const ALLOWED = /podSelector alone.*kubernetes\.io\/metadata\.name: ingress-nginx/;

  it.each([
    ['pods of this namespace', [{ from: [samePods] }]],
    ['every pod of this namespace (an empty podSelector)', [{ from: [{ podSelector: {} }] }]],
    ['the ingress controller', [{ from: [ingressController], ports: [{ protocol: 'TCP', port: 8080 }] }]],
    ['some pods of the ingress controller', [{ from: [{ ...ingressController, podSelector: { matchLabels: { 'app.kubernetes.io/name': 'ingress-nginx' } } }] }]],
    ['the ingress controller with a further label', [{ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx', zone: 'a' } } }] }]],
    ['the ingress controller with empty matchExpressions', [{ from: [{ namespaceSelector: { ...ingressController.namespaceSelector, matchExpressions: [] } }] }]],
    ['several allowed sources in several rules', [{ from: [samePods, ingressController] }, { from: [{ podSelector: {} }], ports: [{ port: 9090 }] }]],
    ['no ingress at all (deny all)', []],
  ])('passes a policy allowing %s', (_, ingress) => {
    expect(violationsOf('network-policy-narrows', adding(policy(ingress)))).toEqual([]);
  });

  it('passes any egress policy: the environment does not restrict egress', () => {
    const egress = policy([], { policyTypes: ['Egress'], egress: [{ to: [{ ipBlock: { cidr: '0.0.0.0/0' } }] }, {}] });
    delete (egress.spec as any).ingress;
    expect(violationsOf('network-policy-narrows', adding(egress))).toEqual([]);
  });

  it.each([
    ['a rule without from', [{ ports: [{ port: 8080 }] }], 'spec.ingress[0].from', /ingress rule 0 has no from, so it lets in traffic from anywhere/],
    ['a rule with an empty from', [{ from: [] }], 'spec.ingress[0].from', /ingress rule 0 has an empty from, so it lets in traffic from anywhere/],
    ['an empty rule', [{}], 'spec.ingress[0].from', /has no from/],
    ['a null rule', [null], 'spec.ingress[0].from', /has no from/],
    ['a from that is not a list', [{ from: { podSelector: {} } }], 'spec.ingress[0].from', /a from that is not a list/],
  ])('refuses %s', (_, ingress, field, message) => {
    expect(violationsOf('network-policy-narrows', adding(policy(ingress)))).toEqual([
      { ruleId: 'network-policy-narrows', object: 'NetworkPolicy/web-extra', field, message: expect.stringMatching(message), fix: expect.stringMatching(ALLOWED) },
    ]);
  });

  it.each([
    ['an ipBlock', { ipBlock: { cidr: '0.0.0.0/0' } }, /lets in traffic from IP addresses 0\.0\.0\.0\/0 \(ipBlock\), which the environment does not allow/],
    ['an ipBlock with exceptions', { ipBlock: { cidr: '10.0.0.0/8', except: ['10.1.0.0/16'] } }, /IP addresses 10\.0\.0\.0\/8/],
    ['an empty namespaceSelector', { namespaceSelector: {} }, /every namespace \(an empty namespaceSelector\)/],
    ['an empty namespaceSelector with a podSelector', { namespaceSelector: {}, podSelector: { matchLabels: { app: 'x' } } }, /every namespace/],
    ['another namespace', { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'team-b-staging' } } }, /namespace team-b-staging/],
    ['namespaces by another label', { namespaceSelector: { matchLabels: { 'slipway.dev/team': 'team-a' } } }, /namespaces chosen by their labels/],
    ['an empty matchLabels', { namespaceSelector: { matchLabels: {} } }, /namespaces chosen by their labels/],
    ['matchExpressions', { namespaceSelector: { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: ['ingress-nginx'] }] } }, /matchExpressions/],
    [
      'matchExpressions next to the ingress namespace',
      { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' }, matchExpressions: [{ key: 'x', operator: 'Exists' }] } },
      /matchExpressions/,
    ],
    ['an empty source', {}, /an empty source \(anywhere\)/],
    ['a podSelector next to an ipBlock', { podSelector: {}, ipBlock: { cidr: '192.0.2.0/24' } }, /IP addresses 192\.0\.2\.0\/24/],
    ['a podSelector that is not an object', { podSelector: 'web' }, /a source of podSelector/],
  ])('refuses a source of %s', (_, peer, message) => {
    expect(violationsOf('network-policy-narrows', adding(policy([{ from: [peer] }])))).toEqual([
      { ruleId: 'network-policy-narrows', object: 'NetworkPolicy/web-extra', field: 'spec.ingress[0].from[0]', message: expect.stringMatching(message), fix: expect.stringMatching(ALLOWED) },
    ]);
  });

  it('names the rule and the source, one violation for each wide source', () => {
    const manifests = adding(policy([{ from: [samePods] }, { from: [ingressController, { ipBlock: { cidr: '0.0.0.0/0' } }, { namespaceSelector: {} }] }, { ports: [{ port: 80 }] }]));
    expect(violationsOf('network-policy-narrows', manifests).map(v => v.field)).toEqual(['spec.ingress[1].from[1]', 'spec.ingress[1].from[2]', 'spec.ingress[2].from']);
    expect(violationsOf('network-policy-narrows', manifests)[0]).toEqual({
      ruleId: 'network-policy-narrows',
      object: 'NetworkPolicy/web-extra',
      field: 'spec.ingress[1].from[1]',
      message: 'NetworkPolicy web-extra: ingress rule 1 lets in traffic from IP addresses 0.0.0.0/0 (ipBlock), which the environment does not allow',
      fix:
        'Allow only pods of this namespace (a podSelector alone) or the ingress controller (namespaceSelector.matchLabels kubernetes.io/metadata.name: ingress-nginx, optionally with a podSelector); the environment refuses every other source',
    });
  });

  it("judges the app's own policy as edited in expert mode", () => {
    const opened = edit('NetworkPolicy', p => { p.spec.ingress[0].from.push({ ipBlock: { cidr: '0.0.0.0/0' } }); });
    expect(violationsOf('network-policy-narrows', opened)).toEqual([expect.objectContaining({ object: 'NetworkPolicy/web-ingress', field: 'spec.ingress[0].from[1]' })]);
    const unsourced = edit('NetworkPolicy', p => { delete p.spec.ingress[0].from; });
    expect(violationsOf('network-policy-narrows', unsourced)).toEqual([expect.objectContaining({ object: 'NetworkPolicy/web-ingress', field: 'spec.ingress[0].from' })]);
  });

  it('takes the ingress namespace from the context', () => {
    const traefik = { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'traefik' } } };
    const context = { ...staging, ingressNamespace: 'traefik' };
    const behindTraefik = render(web, { ingressNamespace: 'traefik' });
    expect(violationsOf('network-policy-narrows', [...behindTraefik, policy([{ from: [traefik] }])], context)).toEqual([]);
    expect(violationsOf('network-policy-narrows', [...behindTraefik, policy([{ from: [ingressController] }])], context)).toEqual([
      expect.objectContaining({ field: 'spec.ingress[0].from[0]', message: expect.stringMatching(/namespace ingress-nginx/), fix: expect.stringMatching(/metadata\.name: traefik/) }),
    ]);
  });
});

describe('service-exposure', () => {
  const withService = (change: (spec: any) => void) => edit('Service', service => change(service.spec));

  it('passes a ClusterIP Service, and one without a type (ClusterIP)', () => {
    expect(violationsOf('service-exposure', render())).toEqual([]);
    expect(violationsOf('service-exposure', withService(spec => delete spec.type))).toEqual([]);
    expect(violationsOf('service-exposure', withService(spec => { spec.externalIPs = []; }))).toEqual([]);
  });

  it('refuses a NodePort by default, naming the allowed types and the setting', () => {
    expect(violationsOf('service-exposure', withService(spec => { spec.type = 'NodePort'; }), development)).toEqual([
      {
        ruleId: 'service-exposure',
        object: 'Service/web',
        field: 'spec.type',
        message: 'Service web: type NodePort is not allowed in development environments (allowed: ClusterIP)',
        fix: 'Use ClusterIP and expose the app through an Ingress, or ask a platform admin to allow NodePort for this environment type (slipway.environments.types.development.serviceTypes)',
      },
    ]);
  });

  it.each(['LoadBalancer', 'ExternalName', 'Headless'])('refuses type %s by default', type => {
    expect(violationsOf('service-exposure', withService(spec => { spec.type = type; }))).toEqual([
      expect.objectContaining({ field: 'spec.type', message: `Service web: type ${type} is not allowed in staging environments (allowed: ClusterIP)` }),
    ]);
  });

  it("follows the environment type's serviceTypes", () => {
    const context = { ...staging, serviceTypes: ['ClusterIP', 'NodePort'] };
    expect(violationsOf('service-exposure', withService(spec => { spec.type = 'NodePort'; }), context)).toEqual([]);
    expect(violationsOf('service-exposure', withService(spec => { spec.type = 'LoadBalancer'; }), context)).toEqual([
      expect.objectContaining({
        message: 'Service web: type LoadBalancer is not allowed in staging environments (allowed: ClusterIP, NodePort)',
        fix: expect.stringMatching(/allow LoadBalancer for this environment type \(slipway\.environments\.types\.staging\.serviceTypes\)$/),
      }),
    ]);
    expect(violationsOf('service-exposure', render(), { ...staging, serviceTypes: ['LoadBalancer'] })).toEqual([expect.objectContaining({ message: expect.stringMatching(/type ClusterIP is not allowed/) })]);
  });

  it('refuses externalIPs whatever the type', () => {
    expect(violationsOf('service-exposure', withService(spec => { spec.externalIPs = ['203.0.113.10']; }))).toEqual([
      { ruleId: 'service-exposure', object: 'Service/web', field: 'spec.externalIPs', message: expect.stringMatching(/^Service web: externalIPs \(203\.0\.113\.10\)/), fix: 'Remove spec.externalIPs and expose the app through an Ingress' },
    ]);
    const nodePort = withService(spec => { spec.type = 'NodePort'; spec.externalIPs = ['203.0.113.10', '203.0.113.11']; });
    expect(violationsOf('service-exposure', nodePort, { ...staging, serviceTypes: ['ClusterIP', 'NodePort'] }).map(v => v.field)).toEqual(['spec.externalIPs']);
    expect(violationsOf('service-exposure', nodePort).map(v => v.field)).toEqual(['spec.type', 'spec.externalIPs']);
  });

  it('judges Services the expert adds', () => {
    const extra: KubernetesManifest = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web-public' }, spec: { type: 'LoadBalancer', ports: [{ port: 80 }] } };
    expect(violationsOf('service-exposure', adding(extra))).toEqual([expect.objectContaining({ object: 'Service/web-public', field: 'spec.type' })]);
  });
});

describe('slipway-labels', () => {
  const TEAM = 'metadata.labels["slipway.dev/team"]';

  it('refuses another team on an object, naming the label and both values', () => {
    const manifests = edit('Deployment', d => { d.metadata.labels['slipway.dev/team'] = 'team-b'; });
    expect(violationsOf('slipway-labels', manifests)).toEqual([
      {
        ruleId: 'slipway-labels',
        object: 'Deployment/web',
        field: TEAM,
        message: 'Deployment web: label slipway.dev/team is team-b, but Slipway sets team-a here, so the object would claim another team',
        fix: "Leave Slipway's labels as rendered",
      },
    ]);
  });

  it.each([
    ['another environment', 'Service', (m: any) => { m.metadata.labels['slipway.dev/environment'] = 'prod'; }, 'metadata.labels["slipway.dev/environment"]', /label slipway\.dev\/environment is prod, but Slipway sets staging here/],
    ['another manager', 'NetworkPolicy', (m: any) => { m.metadata.labels['app.kubernetes.io/managed-by'] = 'helm'; }, 'metadata.labels["app.kubernetes.io/managed-by"]', /managed-by is helm, but Slipway sets slipway here/],
    ['another team on the pod template', 'Deployment', (m: any) => { m.spec.template.metadata.labels['slipway.dev/team'] = 'team-b'; }, `spec.template.${TEAM}`, /^Deployment web \(spec\.template\.metadata\): label slipway\.dev\/team is team-b/],
    ['another environment on the pod template', 'Deployment', (m: any) => { m.spec.template.metadata.labels['slipway.dev/environment'] = 'prod'; }, 'spec.template.metadata.labels["slipway.dev/environment"]', /is prod/],
    ['a label value that is not a string', 'ServiceAccount', (m: any) => { m.metadata.labels['slipway.dev/team'] = 42; }, TEAM, /is 42, but Slipway sets team-a/],
  ])('refuses %s', (_, kind, change, field, message) => {
    expect(violationsOf('slipway-labels', edit(kind, change))).toEqual([
      { ruleId: 'slipway-labels', object: expect.stringMatching(new RegExp(`^${kind}/`)), field, message: expect.stringMatching(message), fix: "Leave Slipway's labels as rendered" },
    ]);
  });

  it("refuses other labels on a CronJob's job and pod templates", () => {
    const manifests = edit('CronJob', c => {
      c.spec.jobTemplate.metadata.labels['slipway.dev/team'] = 'team-b';
      c.spec.jobTemplate.spec.template.metadata.labels['slipway.dev/team'] = 'team-b';
    }, render(cron));
    expect(violationsOf('slipway-labels', manifests).map(v => [v.object, v.field])).toEqual([
      ['CronJob/report', `spec.jobTemplate.${TEAM}`],
      ['CronJob/report', `spec.jobTemplate.spec.template.${TEAM}`],
    ]);
  });

  it('refuses an added object that claims another team, and passes one without the labels', () => {
    const claiming: KubernetesManifest = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'other', labels: { 'slipway.dev/team': 'team-b', 'slipway.dev/environment': 'staging' } } };
    expect(violationsOf('slipway-labels', adding(claiming))).toEqual([expect.objectContaining({ object: 'ConfigMap/other', field: TEAM, message: expect.stringMatching(/team-b.*team-a/) })]);
    expect(violationsOf('slipway-labels', adding({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'plain', labels: { tier: 'web' } } }))).toEqual([]);
  });

  it("passes when Slipway's labels are removed or other labels change", () => {
    const manifests = edit('Deployment', d => {
      delete d.metadata.labels['slipway.dev/team'];
      delete d.spec.template.metadata.labels;
      d.metadata.labels['app.kubernetes.io/name'] = 'renamed';
      d.metadata.labels.tier = 'frontend';
    });
    expect(violationsOf('slipway-labels', manifests)).toEqual([]);
  });

  it('checks nothing without expectedLabels', () => {
    const manifests = edit('Deployment', d => { d.metadata.labels['slipway.dev/team'] = 'team-b'; });
    expect(violationsOf('slipway-labels', manifests, { environmentType: 'staging' })).toEqual([]);
  });
});
