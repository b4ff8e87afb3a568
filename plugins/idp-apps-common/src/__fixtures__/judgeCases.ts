/*
 * Seeded, varied inputs for the judge path (parse → golden path → render → guard rails → YAML):
 * the golden test (judgePath.test.ts) pins its outputs and bench/deploys measures its speed, so
 * both run the same specs through the same functions.
 */
import type { EnvironmentType } from '@internal/plugin-idp-environments-common';
import { parseAppSpec } from '../appSpec';
import { GuardRailResult, evaluateGuardRails } from '../guardRails';
import { expectedSlipwayLabels } from '../accessGuardRails';
import { NamespaceQuota } from '../quotaRule';
import { renderApp, renderYaml } from '../render';

/** One keystroke's worth of work: what the form sends and where it would deploy. */
export interface JudgeCase {
  /** The spec as a developer writes it; with `invalid`, it breaks a rule. */
  input: Record<string, unknown>;
  environment: string;
  environmentType: EnvironmentType;
  /** The built image of a gitRepo app. */
  image?: string;
  partOf?: string;
  quota?: NamespaceQuota;
  serviceTypes?: string[];
}

export type JudgeOutcome = { success: false; errors: { field: string; message: string }[] } | { success: true; guardRails: GuardRailResult; yaml: string };

/** The pure part of judgeDeployment (apps-node) over -common's functions, with the rendered manifests' YAML. */
export function judgeCase(c: JudgeCase): JudgeOutcome {
  const parsed = parseAppSpec(c.input);
  if (!parsed.success) return { success: false, errors: parsed.errors };
  const { spec } = parsed;
  const manifests = renderApp(spec, { team: spec.team, environment: c.environment, environmentType: c.environmentType, image: c.image, partOf: c.partOf });
  const guardRails = evaluateGuardRails(manifests, {
    environmentType: c.environmentType,
    quota: c.quota,
    serviceTypes: c.serviceTypes,
    expectedLabels: expectedSlipwayLabels(spec.team, c.environment),
  });
  return { success: true, guardRails, yaml: renderYaml(manifests) };
}

/** mulberry32: a tiny seeded generator, so the cases are the same on every machine. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = ['user', 'orders', 'billing', 'search', 'mailer', 'reports', 'gateway', 'catalog', 'auth', 'inventory'];
const SCHEDULES = ['*/15 * * * *', '0 3 * * *', '@hourly', '30 2 * * MON-FRI', '0 */6 * * *', '5,35 * * * ?'];
const ENVIRONMENTS: [string, EnvironmentType][] = [['dev', 'development'], ['pr-42', 'preview'], ['staging', 'staging'], ['prod', 'production']];
const AMOUNTS = [
  { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '500m', memory: '512Mi' } },
  { requests: { cpu: '0.5', memory: '1Gi' }, limits: { cpu: '2', memory: '2Gi' } },
  { requests: { cpu: '1500m', memory: '3G' }, limits: { cpu: '3', memory: '4Gi' } },
];
const QUOTAS: Record<EnvironmentType, NamespaceQuota['hard']> = {
  development: { 'requests.cpu': '4', 'requests.memory': '8Gi', pods: 20 },
  preview: { 'requests.cpu': '2', 'requests.memory': '4Gi', pods: 10 },
  staging: { 'requests.cpu': '8', 'requests.memory': '16Gi', 'limits.cpu': '16', pods: 40 },
  production: { 'requests.cpu': '32', 'requests.memory': '64Gi', pods: 200 },
};

// Each breaks one rule the form reports: a field error, an unknown key or a cross-field rule.
const BREAKAGES: ((spec: Record<string, unknown>) => void)[] = [
  spec => (spec.image = 'registry.example.com/team-a/app:latest'),
  spec => (spec.port = spec.type === 'web' ? 'eighty' : 8080),
  spec => (spec.enviromentVariables = [{ name: 'A', value: 'b' }]),
  spec => (spec.resources = { requests: { cpu: 'lots', memory: '1Mi' }, limits: { cpu: '1', memory: '512' } }),
  spec => (spec.name = 'User_Service'),
  spec => (spec.environmentVariables = [{ name: 'X', value: '1', valueFrom: 'secret/a/b' }, { name: 'X', valueFrom: 'nope' }]),
  spec => (spec.volumes = [{ name: 'slipway-tmp', type: 'secret', mountPath: 'relative' }]),
  spec => (spec.schedule = '61 * * * *'),
  spec => (spec.autoscaling = { enabled: true, minReplicas: 30 }),
];

/**
 * `count` varied app specs: every type, image or gitRepo, variables, presets and explicit
 * resources, autoscaling, replicas, probes, volumes, every environment type, with and without a
 * quota. With `invalid`, every fifth spec breaks a rule instead.
 */
export function variedJudgeCases(count: number, seed: number, options: { invalid?: boolean } = {}): JudgeCase[] {
  const next = random(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)];
  const chance = (p: number) => next() < p;
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));

  return Array.from({ length: count }, (_, i) => {
    const team = pick(['team-a', 'team-b', 'payments']);
    const name = `${pick(WORDS)}-${i}`;
    const type = pick(['web', 'web', 'worker', 'cron'] as const);
    const spec: Record<string, unknown> = { name, team, type };
    const built = chance(0.2);
    if (built) {
      spec.gitRepo = `https://github.com/myorg/${name}`;
      spec.buildpack = pick(['node', 'python', 'go', 'java']);
    } else {
      spec.image = chance(0.1) ? `registry.example.com/${team}/${name}@sha256:${'ab12'.repeat(16)}` : `registry.example.com/${team}/${name}:1.${i % 7}.${i}`;
    }
    if (type === 'web') spec.port = pick([8080, 3000, 8000]);
    if (type === 'cron') spec.schedule = pick(SCHEDULES);
    const variables = int(0, 5);
    if (variables > 0) {
      spec.environmentVariables = Array.from({ length: variables }, (_variable, v) =>
        chance(0.4) ? { name: `SECRET_${v}`, valueFrom: `secret/${name}-secrets/key-${v}` } : { name: `SETTING_${v}`, value: pick(['info', 'debug', '8080', 'https://api.example.com', '']) },
      );
    }
    const resources = next();
    if (resources < 0.3) spec.resources = { preset: pick(['small', 'medium', 'large']) };
    else if (resources < 0.5) spec.resources = structuredClone(pick(AMOUNTS));
    if (type !== 'cron') {
      const scaling = next();
      if (scaling < 0.25) spec.autoscaling = { enabled: true, minReplicas: int(1, 4), maxReplicas: int(5, 30), targetCPU: pick([50, 70, 85]) };
      else if (scaling < 0.35) spec.autoscaling = { enabled: false };
      else if (scaling < 0.55) spec.replicas = int(1, 6);
      if (spec.autoscaling && !(spec.autoscaling as { enabled: boolean }).enabled && chance(0.5)) spec.replicas = int(1, 6);
    }
    if (type === 'web' && chance(0.4)) spec.probes = chance(0.5) ? { liveness: { path: '/live' } } : { liveness: { path: '/livez' }, readiness: { path: '/readyz' } };
    const volumes = chance(0.4) ? int(1, 3) : 0;
    if (volumes > 0) {
      spec.volumes = Array.from({ length: volumes }, (_volume, v) => {
        const volumeType = pick(['emptyDir', 'configMap', 'secret'] as const);
        const mountPath = v === 0 && chance(0.2) ? '/tmp' : `/var/${volumeType.toLowerCase()}/${v}`;
        return { name: `vol-${v}`, type: volumeType, mountPath, ...(volumeType === 'emptyDir' ? {} : { source: `${name}-${volumeType.toLowerCase()}` }) };
      });
    }
    if (options.invalid && i % 5 === 4) pick(BREAKAGES)(spec);

    const [environment, environmentType] = pick(ENVIRONMENTS);
    const withQuota = chance(0.6);
    return {
      input: spec,
      environment,
      environmentType,
      ...(built ? { image: `registry.example.com/${team}/${name}:build-${i}` } : {}),
      ...(chance(0.3) ? { partOf: pick(['shop', 'platform']) } : {}),
      ...(withQuota ? { quota: { hard: QUOTAS[environmentType], used: { 'requests.cpu': `${int(0, 3000)}m`, 'requests.memory': `${int(0, 6)}Gi`, pods: int(0, 12) } } } : {}),
      ...(chance(0.1) ? { serviceTypes: ['ClusterIP', 'NodePort'] } : {}),
    };
  });
}
