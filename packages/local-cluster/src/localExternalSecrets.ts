import { execFile, spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, readlinkSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { ensureLocalCluster, LocalCluster, readLocalCluster } from './localCluster';
import { freePort } from './localPrometheus';

const run = promisify(execFile);

// This library only runs from the repository (tests, tools), never from a production build.
// eslint-disable-next-line no-restricted-syntax
const BUILD_SCRIPT = resolve(__dirname, '../../../cluster/build-external-secrets.sh');
const NAME = 'external-secrets';
/** The CRDs the controller watches; it is usable once these are established. */
const REQUIRED_CRDS = ['externalsecrets', 'secretstores', 'clustersecretstores']
  .map(plural => `${plural}.external-secrets.io`)
  .concat(['passwords', 'generatorstates'].map(plural => `${plural}.generators.external-secrets.io`));

/** The External Secrets Operator running against the local cluster. */
export interface LocalExternalSecretsOperator {
  pid: number;
  /** Its /healthz and /readyz, on 127.0.0.1. */
  healthUrl: string;
  /** Its Prometheus metrics, on 127.0.0.1. */
  metricsUrl: string;
  logFile: string;
}

/** The pinned operator binary and its CRD bundle, built on first use (cluster/build-external-secrets.sh). */
export async function ensureExternalSecretsBinary(timeoutMs = 30 * 60_000): Promise<{ binary: string; crds: string }> {
  try {
    await run('bash', [BUILD_SCRIPT], { timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024 });
    const binary = (await run('bash', [BUILD_SCRIPT, '--print-path'])).stdout.trim();
    const crds = (await run('bash', [BUILD_SCRIPT, '--print-crds'])).stdout.trim();
    return { binary, crds };
  } catch (error) {
    const { stderr, message } = error as { stderr?: string; message: string };
    throw new Error(`cluster/build-external-secrets.sh failed: ${message.split('\n')[0]}\n${(stderr ?? '').trim().split('\n').slice(-15).join('\n')}`);
  }
}

function paths(cluster: LocalCluster) {
  const pids = join(cluster.stateDir, 'pids');
  return {
    pids,
    pidFile: join(pids, `${NAME}.pid`),
    portsFile: join(pids, `${NAME}.ports`),
    lockDir: join(pids, `${NAME}.lock`),
    logFile: join(cluster.stateDir, 'logs', `${NAME}.log`),
  };
}

/** The pid in the pid file if that process runs one of our operator binaries for this cluster, else undefined. */
function runningPid(cluster: LocalCluster): number | undefined {
  const { pidFile } = paths(cluster);
  if (!existsSync(pidFile)) return undefined;
  const pid = Number(readFileSync(pidFile, 'utf8').trim());
  try {
    const exe = readlinkSync(`/proc/${pid}/exe`);
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    return exe.includes(`/${NAME}/`) && cmdline.includes(cluster.adminKubeconfig) ? pid : undefined;
  } catch {
    return undefined;
  }
}

function describeRunning(cluster: LocalCluster, pid: number): LocalExternalSecretsOperator {
  const { portsFile, logFile } = paths(cluster);
  const [health, metrics] = readFileSync(portsFile, 'utf8').trim().split(' ');
  return { pid, healthUrl: `http://127.0.0.1:${health}`, metricsUrl: `http://127.0.0.1:${metrics}/metrics`, logFile };
}

/** One starter at a time per cluster (parallel test files share the operator): a lock directory, broken when stale. */
async function withLock<T>(cluster: LocalCluster, deadline: number, body: () => Promise<T>): Promise<T> {
  const { lockDir } = paths(cluster);
  for (;;) {
    try {
      mkdirSync(lockDir);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      // A starter that died while holding the lock: starting takes well under two minutes.
      if (Date.now() - statSync(lockDir, { throwIfNoEntry: false })!.mtimeMs > 120_000) rmSync(lockDir, { recursive: true, force: true });
      if (Date.now() > deadline) throw new Error(`Timed out waiting for ${lockDir}; if no test is starting the operator, delete it`);
      await new Promise(r => setTimeout(r, 250));
    }
  }
  try {
    return await body();
  } finally {
    rmSync(lockDir, { recursive: true, force: true });
  }
}

async function kubectl(cluster: LocalCluster, args: string[], timeoutMs: number) {
  try {
    return await run(cluster.kubectl, [`--kubeconfig=${cluster.adminKubeconfig}`, ...args], { timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 });
  } catch (error) {
    const { stderr, message } = error as { stderr?: string; message: string };
    throw new Error(`kubectl ${args.slice(0, 3).join(' ')} failed: ${message.split('\n')[0]}\n${(stderr ?? '').trim().split('\n').slice(-10).join('\n')}`);
  }
}

function tail(file: string): string {
  return existsSync(file) ? readFileSync(file, 'utf8').split('\n').slice(-20).join('\n') : '(no log)';
}

async function waitUntilStarted(cluster: LocalCluster, pid: number, deadline: number): Promise<LocalExternalSecretsOperator> {
  const operator = describeRunning(cluster, pid);
  while (Date.now() < deadline) {
    if (runningPid(cluster) !== pid) throw new Error(`The External Secrets Operator (pid ${pid}) exited while starting:\n${tail(operator.logFile)}`);
    const ready = await fetch(`${operator.healthUrl}/readyz`).then(
      r => r.ok,
      () => false,
    );
    // Ready answers before the controllers run; their workers start once the caches have synced.
    if (ready && /Starting workers.*"controller":"externalsecret"/.test(readFileSync(operator.logFile, 'utf8'))) return operator;
    await new Promise(r => setTimeout(r, 250));
  }
  throw new Error(`The External Secrets Operator (pid ${pid}) did not become ready; its log:\n${tail(operator.logFile)}`);
}

/**
 * Starts Slipway's External Secrets Operator build against the local cluster (started first if
 * needed), or reuses the one running there: installs its CRDs, starts it detached (it outlives the
 * test; `stopExternalSecretsOperator` ends it) with the admin kubeconfig, health and metrics on
 * 127.0.0.1, pid and log in the cluster's state dir; resolves once its controllers run.
 */
export async function ensureExternalSecretsOperator(cluster?: LocalCluster, options: { timeoutMs?: number } = {}): Promise<LocalExternalSecretsOperator> {
  const deadline = Date.now() + (options.timeoutMs ?? 30 * 60_000);
  const local = cluster ?? (await ensureLocalCluster());
  const { binary, crds } = await ensureExternalSecretsBinary(deadline - Date.now());
  return withLock(local, deadline, async () => {
    const running = runningPid(local);
    if (running !== undefined && readlinkSync(`/proc/${running}/exe`) === binary) return waitUntilStarted(local, running, deadline);
    // Another build of ours (its sources changed): replace it.
    if (running !== undefined) await stopExternalSecretsOperator(local);

    await kubectl(local, ['apply', '--server-side', '--force-conflicts', '--field-manager=slipway', '-f', crds], 180_000);
    await kubectl(local, ['wait', '--for=condition=Established', '--timeout=120s', ...REQUIRED_CRDS.map(crd => `crd/${crd}`)], 150_000);

    const { pidFile, portsFile, logFile } = paths(local);
    const [health, metrics] = [await freePort(), await freePort()];
    const log = openSync(logFile, 'w');
    // setsid (detached): a test runner ending its process group does not stop the operator other test files share.
    const child = spawn(
      binary,
      [
        `--kubeconfig=${local.adminKubeconfig}`,
        `--health-addr=127.0.0.1:${health}`,
        `--metrics-addr=127.0.0.1:${metrics}`,
        '--concurrent=4',
        '--loglevel=info',
      ],
      { detached: true, stdio: ['ignore', log, log] },
    );
    closeSync(log);
    child.unref();
    writeFileSync(portsFile, `${health} ${metrics}\n`);
    writeFileSync(pidFile, `${child.pid}\n`);
    return waitUntilStarted(local, child.pid!, deadline);
  });
}

/** Stops the operator started by `ensureExternalSecretsOperator` (SIGTERM, SIGKILL after 15 s); fine if none runs. */
export async function stopExternalSecretsOperator(cluster?: LocalCluster): Promise<void> {
  const local = cluster ?? (await readLocalCluster());
  const pid = runningPid(local);
  const { pidFile, portsFile } = paths(local);
  if (pid !== undefined) {
    process.kill(pid, 'SIGTERM');
    const deadline = Date.now() + 15_000;
    while (runningPid(local) === pid && Date.now() < deadline) await new Promise(r => setTimeout(r, 100));
    if (runningPid(local) === pid) process.kill(pid, 'SIGKILL');
  }
  rmSync(pidFile, { force: true });
  rmSync(portsFile, { force: true });
}
