import { LoggerService } from '@backstage/backend-plugin-api';

/**
 * A call to a local cluster that is still being built or started (scripts/dev.sh starts the portal
 * first; the token file appears once the cluster is up). Expected for the first minutes of a first
 * run, so background work waits quietly for it instead of logging an error on every tick.
 */
export class ClusterNotUpYetError extends Error {
  readonly name = 'ClusterNotUpYetError';
}

/** Whether an error (or one it wraps, as `cause`) says the local cluster is not up yet. */
export function isClusterNotUpYet(error: unknown): boolean {
  for (let e = error, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    if (e.name === 'ClusterNotUpYetError') return true;
  }
  return false;
}

/**
 * For work that runs on a timer against the cluster: says once, at info, that `what` waits for a
 * local cluster still being built, and once that it is up, instead of a failure every tick.
 */
export class ClusterWait {
  private waiting = false;

  constructor(
    private readonly logger: LoggerService,
    private readonly what: string,
  ) {}

  /** True when `error` is the cluster not being up yet (said once); false for any other error. */
  absorbs(error: unknown): boolean {
    if (!isClusterNotUpYet(error)) return false;
    if (!this.waiting) this.logger.info(`${this.what} waits for the local cluster: ${(error as Error).message}`);
    this.waiting = true;
    return true;
  }

  /** The work succeeded: the cluster is up (said if it was awaited). */
  up(): void {
    if (this.waiting) this.logger.info(`${this.what}: the local cluster is up`);
    this.waiting = false;
  }
}
