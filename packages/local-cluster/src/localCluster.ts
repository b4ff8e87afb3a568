import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
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

async function clusterScript(args: string[], timeoutMs: number) {
  try {
    return await run('bash', [CLUSTER_SCRIPT, ...args], { timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024 });
  } catch (error) {
    const { stderr, message } = error as { stderr?: string; message: string };
    const tail = (stderr ?? '').trim().split('\n').slice(-15).join('\n');
    throw new Error(`cluster/cluster.sh ${args.join(' ')} failed: ${message.split('\n')[0]}\n${tail}`);
  }
}

/** Reads the running cluster's paths and URL; fails if it was never started. */
export async function readLocalCluster(): Promise<LocalCluster> {
  const { stdout } = await clusterScript(['env'], 30_000);
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
