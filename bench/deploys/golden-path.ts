/*
 * Golden-path deploys: renders per second for 1,000 varied specs (pure, see renders.ts), and submit → all replicas
 * Ready for the golden-path web app on the local cluster, side by side with
 * `kubectl apply --server-side` of the same manifests plus `kubectl rollout status`.
 *
 *   bash bench/deploys/bench.sh [runs]     (default 5 deploys each)
 */
import { DEFAULT_GUARD_RAIL_SETTINGS, parseAppSpec, renderApp, renderYaml } from '@internal/plugin-idp-apps-common';
import { slipwayPolicyPermissions } from '@internal/plugin-permission-backend-module-slipway-policy/testUtils';
import { createApplyAppAction } from '@internal/plugin-scaffolder-backend-module-idp';
import { DeploymentService } from '@internal/plugin-idp-apps-node';
import { ensureLocalCluster, loadKubeConfig } from '@internal/local-cluster';
import { Environment, environmentFromNamespace, renderEnvironment, resolveEnvironmentTypes } from '@internal/plugin-idp-environments-common';
import { ClusterAccess } from '@internal/plugin-idp-kubernetes-node';
import { CoreV1Api, KubernetesObjectApi, PatchStrategy } from '@kubernetes/client-node';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { benchRenders } from './renders';

const runs = Number(process.argv[2] ?? 5);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const quiet: any = { info() {}, warn() {}, error() {}, debug() {}, child: () => quiet };

async function main() {
  // 1. Renders per second: the judge path (parse + golden path + render + guard rails + YAML), 1,000 varied specs.
  benchRenders();

  // 2. Submit → Ready on the local cluster.
  const local = await ensureLocalCluster();
  const cluster = new ClusterAccess(loadKubeConfig(local.backendKubeconfig));
  const admin = loadKubeConfig(local.adminKubeconfig);
  const tag = Date.now().toString(36);
  const settings = resolveEnvironmentTypes(undefined).find(t => t.type === 'development')!;
  const namespaces: string[] = [];
  // What the permission backend would load from idp-environments to apply the policy's conditions.
  const environments = new Map<string, Environment>();
  const objects = KubernetesObjectApi.makeApiClient(admin);
  async function environment(name: string) {
    const rendered = renderEnvironment({
      environment: { team: 'team-a', name, type: 'development', owner: 'user:default/alice', createdAt: new Date().toISOString(), protected: false },
      settings,
    });
    for (const o of rendered) await objects.patch(o as any, undefined, undefined, 'slipway', true, PatchStrategy.ServerSideApply);
    namespaces.push(rendered[0].metadata.name);
    environments.set(rendered[0].metadata.name, environmentFromNamespace(rendered[0] as any)!);
    return name;
  }
  const userInfo: any = { getUserInfo: async () => ({ userEntityRef: 'user:default/alice', ownershipEntityRefs: ['group:default/team-a'] }) };
  // The benchmark measures deploys, not audit logging: events go nowhere.
  const auditor: any = { createEvent: async () => ({ success: async () => {}, fail: async () => {} }) };
  const permissions = slipwayPolicyPermissions({ environmentOf: namespace => environments.get(namespace) });
  const deployments = DeploymentService.create({ cluster, userInfo, permissions, settings: DEFAULT_GUARD_RAIL_SETTINGS, logger: quiet });
  // Development environments only: the bench never files a production deploy request.
  const approvals: any = { discovery: { getBaseUrl: async () => Promise.reject(new Error('the bench deploys to development only')) }, auth: {} };
  const action = createApplyAppAction({ deployments, auditor, approvals });
  const spec = { name: 'user-service', team: 'team-a', type: 'web', image: 'registry.example.com/team-a/user-service:1.4.2', port: 8080 };

  const slipway: number[] = [];
  for (let i = 0; i < runs; i++) {
    const env = await environment(`bs${tag}-${i}`);
    const ctx: any = {
      input: { spec, environment: env },
      logger: quiet,
      logStream: new PassThrough(),
      output: () => {},
      getInitiatorCredentials: async () => ({ principal: { type: 'user', userEntityRef: 'user:default/alice' } }),
      checkpoint: async (o: any) => o.fn(),
      createTemporaryDirectory: async () => tmpdir(),
      workspacePath: tmpdir(),
    };
    const start = performance.now();
    await action.handler(ctx);
    slipway.push(performance.now() - start);
  }

  const dir = mkdtempSync(join(tmpdir(), 'slipway-deploy-bench-'));
  const kubectl: number[] = [];
  for (let i = 0; i < runs; i++) {
    const env = await environment(`bk${tag}-${i}`);
    const parsed = parseAppSpec(spec);
    if (!parsed.success) throw new Error('spec');
    const file = join(dir, `${i}.yaml`);
    writeFileSync(file, renderYaml(renderApp(parsed.spec, { team: 'team-a', environment: env, environmentType: 'development' })));
    const kc = ['--kubeconfig', local.adminKubeconfig];
    const start = performance.now();
    execFileSync(local.kubectl, [...kc, 'apply', '--server-side', '--field-manager', 'slipway', '-f', file], { stdio: 'ignore' });
    // Like the action, wait for the autoscaler's minimum (3), not the Deployment's initial 1.
    execFileSync(local.kubectl, [...kc, '-n', `team-a-${env}`, 'wait', '--for=jsonpath={.status.readyReplicas}=3', 'deployment/user-service', '--timeout=180s'], { stdio: 'ignore' });
    execFileSync(local.kubectl, [...kc, '-n', `team-a-${env}`, 'rollout', 'status', 'deployment/user-service', '--timeout=180s'], { stdio: 'ignore' });
    kubectl.push(performance.now() - start);
  }
  console.log(`submit → 3/3 Ready, golden-path web app, ${runs} runs each:`);
  console.log(`  slipway:app:apply                                   median ${(median(slipway) / 1000).toFixed(2)} s  max ${(Math.max(...slipway) / 1000).toFixed(2)} s`);
  console.log(`  kubectl apply --server-side + wait + rollout status  median ${(median(kubectl) / 1000).toFixed(2)} s  max ${(Math.max(...kubectl) / 1000).toFixed(2)} s`);
  const core = admin.makeApiClient(CoreV1Api);
  await Promise.all(namespaces.map(name => core.deleteNamespace({ name }).catch(() => undefined)));
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
