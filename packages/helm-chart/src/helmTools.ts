import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

// This library only runs from the repository (tests, tools), never from a production build.
// eslint-disable-next-line no-restricted-syntax
const REPO = resolve(__dirname, '../../..');

/** The chart, and the value sets its tests install (deploy/slipway/ci, left out of the packaged chart). */
export const CHART_DIR = resolve(REPO, 'deploy/slipway');
export const CHART_VALUE_SETS_DIR = resolve(CHART_DIR, 'ci');
/** The cluster setup file the chart's template reads. */
export const CHART_CLUSTER_SETUP_FILE = resolve(CHART_DIR, 'files/cluster-setup.json');

const BUILD_SCRIPT = resolve(REPO, 'cluster/build-helm.sh');

export interface HelmTools {
  helm: string;
  kubeconform: string;
}

/** The pinned helm and kubeconform, built from their Go modules on first use (cluster/build-helm.sh). */
export async function ensureHelmTools(timeoutMs = 30 * 60_000): Promise<HelmTools> {
  try {
    await run('bash', [BUILD_SCRIPT], { timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024 });
    const helm = (await run('bash', [BUILD_SCRIPT, '--print-path'])).stdout.trim();
    const kubeconform = (await run('bash', [BUILD_SCRIPT, '--print-kubeconform-path'])).stdout.trim();
    return { helm, kubeconform };
  } catch (error) {
    const { stderr, message } = error as { stderr?: string; message: string };
    throw new Error(`cluster/build-helm.sh failed: ${message.split('\n')[0]}\n${(stderr ?? '').trim().split('\n').slice(-15).join('\n')}`);
  }
}

/** Runs a command; on failure the error carries its stderr (helm's and kubectl's messages are the point of a test). */
export async function runTool(
  command: string,
  args: string[],
  options: { input?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {},
): Promise<{ stdout: string; stderr: string }> {
  return new Promise((ok, fail) => {
    const child = execFile(
      command,
      args,
      { env: { ...process.env, ...options.env }, timeout: options.timeoutMs ?? 120_000, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error) {
          fail(Object.assign(new Error(`${command.split('/').pop()} ${args.join(' ')} failed: ${stderr.trim() || stdout.trim() || error.message}`), { stdout, stderr }));
        } else ok({ stdout, stderr });
      },
    );
    if (options.input !== undefined) child.stdin!.end(options.input);
  });
}
