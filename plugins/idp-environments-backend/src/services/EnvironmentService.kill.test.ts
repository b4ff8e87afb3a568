/*
 * The backend dying mid-create, for real: a process of its own runs the real EnvironmentService
 * against the shared local cluster (the API server is not harmed, so the shared one is fine) and
 * is SIGKILLed at a known step. What it leaves must read as provisioning, refuse other requests,
 * and be finished by the same request from another process (this one), whole and nothing more.
 */
import { mockServices } from '@backstage/backend-test-utils';
import { ConflictError } from '@backstage/errors';
import { ensureLocalCluster, loadKubeConfig } from '@internal/local-cluster';
import { ENVIRONMENT_ANNOTATIONS, callerFromIdentity, renderEnvironment, resolveEnvironmentTypes } from '@internal/plugin-idp-environments-common';
import { ClusterAccess } from '@internal/plugin-idp-kubernetes-node';
import { CoreV1Api, KubernetesObjectApi } from '@kubernetes/client-node';
import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { EnvironmentService } from './EnvironmentService';

jest.setTimeout(180_000);

const alice = callerFromIdentity('user:default/alice', ['user:default/alice', 'group:default/team-a']);
const bob = callerFromIdentity('user:default/bob', ['user:default/bob', 'group:default/team-a', 'group:default/team-a-leads']);
const types = resolveEnvironmentTypes(undefined);
const GUARD_KINDS = ['ResourceQuota', 'LimitRange', 'NetworkPolicy', 'RoleBinding'];

let backendKubeconfig: string;
let service: EnvironmentService;
let admin: CoreV1Api;
let objects: KubernetesObjectApi;
const created: string[] = [];
const children: ChildProcess[] = [];

beforeAll(async () => {
  const local = await ensureLocalCluster();
  backendKubeconfig = local.backendKubeconfig;
  service = EnvironmentService.create({ cluster: new ClusterAccess(loadKubeConfig(backendKubeconfig)), types, logger: mockServices.logger.mock() });
  admin = loadKubeConfig(local.adminKubeconfig).makeApiClient(CoreV1Api);
  objects = KubernetesObjectApi.makeApiClient(loadKubeConfig(local.adminKubeconfig));
});

afterAll(async () => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  await Promise.all(created.map(name => admin.deleteNamespace({ name }).catch(() => undefined)));
});

/** Starts the create in a process of its own and answers it once it paused after `kind`. */
async function createUntilPaused(name: string, kind: string): Promise<ChildProcess> {
  const script = join(__dirname, 'testing', 'createUntilKilled.ts');
  const child = spawn(
    process.execPath,
    ['--require', require.resolve('@backstage/cli/config/nodeTransform.cjs'), script, backendKubeconfig, 'team-a', name, alice.userEntityRef, 'group:default/team-a', kind],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  children.push(child);
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`The create process did not pause after ${kind} within 120 s:\n${output}`)), 120_000);
    child.stdout!.on('data', chunk => {
      output += chunk;
      if (output.includes(`PAUSED ${kind}`)) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.stderr!.on('data', chunk => (output += chunk));
    child.on('exit', code => {
      clearTimeout(timer);
      reject(new Error(`The create process exited (${code}) before pausing after ${kind}:\n${output}`));
    });
  });
  return child;
}

/** Kind/name of the guard objects in the namespace. */
async function guardObjects(namespace: string): Promise<string[]> {
  const apiVersions: Record<string, string> = { ResourceQuota: 'v1', LimitRange: 'v1', NetworkPolicy: 'networking.k8s.io/v1', RoleBinding: 'rbac.authorization.k8s.io/v1' };
  const lists = await Promise.all(GUARD_KINDS.map(kind => objects.list(apiVersions[kind], kind, namespace)));
  return lists.flatMap((list, i) => list.items.map(item => `${GUARD_KINDS[i]}/${item.metadata?.name}`)).sort();
}

describe('a create whose process is killed mid-way', () => {
  it.each(['Namespace', 'NetworkPolicy', 'RoleBinding'])('killed after the first %s: provisioning, others refused, the same request finishes it', async kind => {
    const name = `killed-${kind.toLowerCase()}-${randomBytes(3).toString('hex')}`;
    const namespace = `team-a-${name}`;
    created.push(namespace);
    const child = await createUntilPaused(name, kind);
    const exited = new Promise(resolve => child.on('exit', resolve));
    child.kill('SIGKILL');
    await exited;

    const half = await service.readEnvironment(namespace);
    expect(half.phase).toBe('Provisioning');
    expect((await service.list(alice)).find(e => e.namespace === namespace)?.phase).toBe('Provisioning');
    await expect(service.create(bob, { team: 'team-a', name, type: 'development', ttlDays: 2 })).rejects.toBeInstanceOf(ConflictError);

    const finished = await service.create(alice, { team: 'team-a', name, type: 'development' });
    expect(finished).toMatchObject({ namespace, phase: 'Active', owner: alice.userEntityRef });
    expect((await admin.readNamespace({ name: namespace })).metadata?.annotations?.[ENVIRONMENT_ANNOTATIONS.provisioning]).toBeUndefined();
    const expected = renderEnvironment({
      environment: { team: 'team-a', name, type: 'development', owner: alice.userEntityRef, createdAt: finished.createdAt, protected: false },
      settings: types.find(t => t.type === 'development')!,
    })
      .slice(1)
      .map(o => `${o.kind}/${o.metadata.name}`)
      .sort();
    expect(await guardObjects(namespace)).toEqual(expected);
  });
});
