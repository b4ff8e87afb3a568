import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Where the project's cluster script lives; the package sits at packages/local-cluster. */
// This library only runs from the repository (tests, tools), never from a production build.
// eslint-disable-next-line no-restricted-syntax
const CLUSTER_SCRIPT = resolve(__dirname, '../../../cluster/cluster.sh');

/** A running local cluster, as `cluster/cluster.sh env` describes it. */
export interface LocalCluster {
  /** kubeconfig of `kubernetes-admin` (system:masters), for tests. */
  adminKubeconfig: string;
  /** kubeconfig of the portal backend's service account. */
  backendKubeconfig: string;
  /** The API server URL, on 127.0.0.1. */
  server: string;
  /** The pinned kubectl. */
  kubectl: string;
  /** State directory: certificates, etcd data, component logs. */
  stateDir: string;
}

/** Which cluster instance: the shared one (`slipway`) unless a test names its own. */
export interface ClusterInstance {
  /** SLIPWAY_CLUSTER_NAME: its state directory's name. */
  name: string;
  /** SLIPWAY_CLUSTER_PORT: the API server's port; the other components use the next six. */
  port: number;
}

/**
 * The environment for a cluster instance of a test's own, without what the test runner exported for
 * the shared cluster (scripts/test.sh exports `cluster.sh env`: SLIPWAY_CLUSTER_DIR would point the
 * instance at the shared cluster's state, its etcd data and its pids, and `down` would stop it).
 */
function ownInstanceEnvironment(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('SLIPWAY_CLUSTER_')));
}

async function clusterScript(args: string[], timeoutMs: number, instance?: ClusterInstance) {
  const env = instance ? { ...ownInstanceEnvironment(), SLIPWAY_CLUSTER_NAME: instance.name, SLIPWAY_CLUSTER_PORT: String(instance.port) } : process.env;
  try {
    return await run('bash', [CLUSTER_SCRIPT, ...args], { timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024, env });
  } catch (error) {
    const { stderr, message } = error as { stderr?: string; message: string };
    const tail = (stderr ?? '').trim().split('\n').slice(-15).join('\n');
    throw new Error(`cluster/cluster.sh ${args.join(' ')} failed: ${message.split('\n')[0]}\n${tail}`);
  }
}

/** Reads the running cluster's paths and URL; fails if it was never started. */
export async function readLocalCluster(instance?: ClusterInstance): Promise<LocalCluster> {
  const { stdout } = await clusterScript(['env'], 30_000, instance);
  const env = Object.fromEntries(
    stdout
      .split('\n')
      .map(line => line.replace(/^export /, '').match(/^([A-Z_]+)=(.*)$/))
      .filter((m): m is RegExpMatchArray => !!m)
      .map(m => [m[1], m[2].replace(/^['"]|['"]$/g, '')]),
  );
  for (const key of ['KUBECONFIG', 'SLIPWAY_BACKEND_KUBECONFIG', 'SLIPWAY_CLUSTER_SERVER', 'SLIPWAY_KUBECTL', 'SLIPWAY_CLUSTER_DIR']) {
    if (!env[key]) throw new Error(`cluster/cluster.sh env did not print ${key}; got:\n${stdout}`);
  }
  return {
    adminKubeconfig: env.KUBECONFIG,
    backendKubeconfig: env.SLIPWAY_BACKEND_KUBECONFIG,
    server: env.SLIPWAY_CLUSTER_SERVER,
    kubectl: env.SLIPWAY_KUBECTL,
    stateDir: env.SLIPWAY_CLUSTER_DIR,
  };
}

/**
 * Starts the local cluster, or reuses the one already running (the script holds a lock, so
 * parallel test files share one cluster). Builds the binaries first if they are not cached.
 */
export async function ensureLocalCluster(options: { nodes?: number; timeoutMs?: number } = {}): Promise<LocalCluster> {
  const args = ['up'];
  if (options.nodes) args.push('--nodes', String(options.nodes));
  await clusterScript(args, options.timeoutMs ?? 30 * 60_000);
  return readLocalCluster();
}

/** Stops the local cluster; its state is kept, so the next start is warm. */
export async function stopLocalCluster(): Promise<void> {
  await clusterScript(['down'], 120_000);
}

/**
 * A cluster instance of a test's own, for tests that break it (kill its API server): never the
 * shared one. `up` (again) restarts whatever component is missing; `down` stops it, state kept.
 */
export interface OwnLocalCluster extends LocalCluster {
  /** Starts the missing components and waits until the cluster is healthy again. */
  up(): Promise<void>;
  /** SIGKILLs one component (e.g. 'kube-apiserver') and waits until its process is gone. */
  kill(component: 'kube-apiserver' | 'etcd' | 'kube-controller-manager' | 'kube-scheduler' | 'kwok' | 'metrics-server'): Promise<void>;
  down(): Promise<void>;
}

/** Starts (or reuses) the named cluster instance; 1 simulated node unless told. */
export async function startLocalCluster(instance: ClusterInstance & { nodes?: number; timeoutMs?: number }): Promise<OwnLocalCluster> {
  if (instance.name === 'slipway') throw new Error('startLocalCluster is for a cluster of its own; use ensureLocalCluster for the shared one');
  const { name, port } = instance;
  const timeoutMs = instance.timeoutMs ?? 30 * 60_000;
  const up = async () => {
    await clusterScript(['up', '--nodes', String(instance.nodes ?? 1)], timeoutMs, { name, port });
  };
  await up();
  const cluster = await readLocalCluster({ name, port });
  return {
    ...cluster,
    up,
    async kill(component) {
      const pid = Number(readFileSync(join(cluster.stateDir, 'pids', `${component}.pid`), 'utf8').trim());
      if (!Number.isInteger(pid) || pid <= 1) throw new Error(`No pid recorded for ${component} in ${cluster.stateDir}/pids`);
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        return; // already gone
      }
      for (const deadline = Date.now() + 30_000; Date.now() < deadline; ) {
        // Gone, or a zombie its parent has not reaped yet: either way it no longer serves.
        if (!existsSync(`/proc/${pid}`) || /\) Z /.test(readFileSync(`/proc/${pid}/stat`, 'utf8'))) return;
        await new Promise(done => setTimeout(done, 50));
      }
      throw new Error(`${component} (pid ${pid}) did not exit 30 s after SIGKILL`);
    },
    async down() {
      await clusterScript(['down'], 120_000, { name, port });
    },
  };
}
