import { Config } from '@backstage/config';
import { ClusterProgress, parseClusterProgress } from '@internal/plugin-idp-environments-common';
import { readFile } from 'node:fs/promises';

/**
 * The local cluster's build and start, read from the progress file `cluster/cluster.sh up` writes
 * (`slipway.localCluster.progressFile`; scripts/dev.sh sets it). Without the setting or the file
 * there is nothing to tell: another cluster, or a local one started before the portal.
 */
export class LocalClusterProgress {
  static fromConfig(config: Config): LocalClusterProgress {
    return new LocalClusterProgress(config.getOptionalString('slipway.localCluster.progressFile') || undefined);
  }

  constructor(
    private readonly file: string | undefined,
    private readonly nowSeconds: () => number = () => Math.floor(Date.now() / 1000),
    private readonly isRunning: (pid: number) => boolean = processIsRunning,
  ) {}

  async read(): Promise<ClusterProgress> {
    if (!this.file) return { state: 'unknown' };
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { state: 'unknown' };
      throw error;
    }
    // The run's process: its `begin` line names it (the last run counts).
    const pids = [...text.matchAll(/^\d+ begin (\d+)\s*$/gm)];
    const pid = pids.length ? Number(pids[pids.length - 1][1]) : undefined;
    return parseClusterProgress(text, this.nowSeconds(), pid !== undefined && this.isRunning(pid));
  }
}

/** Signal 0 only asks whether the process exists (EPERM: it does, under another user). */
function processIsRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
