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
