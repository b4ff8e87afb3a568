/**
 * The local cluster's build and start, as the portal shows it while `scripts/dev.sh` prepares it.
 *
 * `cluster/cluster.sh up` appends one event a line to its progress file (cluster/README.md, "Build
 * progress"): `<epoch seconds> <event> <details>`, with the events
 *   begin <pid>                          a new run by process <pid>
 *   plan <step>:<estimated seconds> …    the steps of this run: binaries still to build, then `start`
 *   wait <reason>                        waiting before the next step (another Go build holds the machine)
 *   step <step>                          a step began
 *   built <step> <seconds>               a binary was built
 *   ready                                the cluster is up
 *   failed <message>                     the run stopped on an error
 * Pure: the reader passes the file's text, the time and whether the run's process is alive.
 */

/** What the local cluster is doing. `unknown`: no local cluster is tracked (another cluster, or no file). */
export type ClusterProgress =
  | { state: 'unknown' }
  | { state: 'ready' }
  | { state: 'failed'; message: string }
  | { state: 'stopped' }
  | {
      state: 'preparing';
      /** 1-based position of `activity` among `steps`. */
      step: number;
      steps: number;
      /** A binary being built (`kube-apiserver`), or `start` once the binaries are there. */
      activity: string;
      elapsedSeconds: number;
      /** Estimated from the durations recorded on this machine, or the build's defaults. */
      remainingSeconds: number;
      /** Why the next step has not begun yet (`another Go build on this machine`); its wait is not estimated. */
      waitingFor?: string;
    };

/** The step the cluster script names for starting the components, after the binaries. */
export const CLUSTER_START_STEP = 'start';

/** Time still to count for a step already past its estimate: it is nearly done, not done. */
const OVERRUN_SECONDS = 15;

/**
 * Reads the progress file's text as of `nowSeconds`. Lines it cannot read (a line half written, an
 * event from a newer script) are skipped. `runAlive`: whether the `begin` line's process still runs;
 * a run that is gone without `ready` or `failed` was stopped (Ctrl-C, a crash).
 */
export function parseClusterProgress(text: string, nowSeconds: number, runAlive: boolean): ClusterProgress {
  let beganAt: number | undefined;
  let plan: Array<{ step: string; estimate: number }> = [];
  let current: { step: string; since: number } | undefined;
  let waitingFor: string | undefined;
  let outcome: ClusterProgress | undefined;

  for (const line of text.split('\n')) {
    const match = /^(\d+) ([a-z]+)(?: (.*))?$/.exec(line.trim());
    if (!match) continue;
    const at = Number(match[1]);
    const details = match[3] ?? '';
    switch (match[2]) {
      case 'begin':
        beganAt = at;
        plan = [];
        current = undefined;
        waitingFor = undefined;
        outcome = undefined;
        break;
      case 'plan':
        plan = details
          .split(' ')
          .map(entry => /^([a-z0-9-]+):(\d+)$/.exec(entry))
          .filter((entry): entry is RegExpExecArray => entry !== null)
          .map(entry => ({ step: entry[1], estimate: Number(entry[2]) }));
        break;
      case 'wait':
        waitingFor = details || 'another build';
        break;
      case 'step':
        current = { step: details, since: at };
        waitingFor = undefined;
        break;
      case 'ready':
        outcome = { state: 'ready' };
        break;
      case 'failed':
        // The first failure is the cause; the scripts above it report it again in their own words.
        if (outcome?.state !== 'failed') outcome = { state: 'failed', message: details || 'the cluster script stopped on an error' };
        break;
      default:
        break;
    }
  }

  if (outcome) return outcome;
  if (beganAt === undefined) return { state: 'unknown' };
  if (!runAlive) return { state: 'stopped' };

  const index = current ? plan.findIndex(entry => entry.step === current!.step) : -1;
  const waiting = waitingFor ? { waitingFor } : {};
  if (index < 0) {
    // Begun, no step yet (or a step the plan does not name): everything planned is still ahead.
    return {
      state: 'preparing',
      step: 1,
      steps: Math.max(plan.length, 1),
      activity: plan[0]?.step ?? CLUSTER_START_STEP,
      elapsedSeconds: Math.max(0, nowSeconds - beganAt),
      remainingSeconds: plan.reduce((sum, entry) => sum + entry.estimate, 0),
      ...waiting,
    };
  }
  if (waitingFor) {
    // Between steps: the current one is done, everything after it is still ahead.
    return {
      state: 'preparing',
      step: Math.min(index + 2, plan.length),
      steps: plan.length,
      activity: plan[Math.min(index + 1, plan.length - 1)].step,
      elapsedSeconds: Math.max(0, nowSeconds - beganAt),
      remainingSeconds: plan.slice(index + 1).reduce((sum, entry) => sum + entry.estimate, 0),
      waitingFor,
    };
  }
  const inStep = Math.max(0, nowSeconds - current!.since);
  const left = plan[index].estimate > inStep ? plan[index].estimate - inStep : OVERRUN_SECONDS;
  const after = plan.slice(index + 1).reduce((sum, entry) => sum + entry.estimate, 0);
  return {
    state: 'preparing',
    step: index + 1,
    steps: plan.length,
    activity: plan[index].step,
    elapsedSeconds: Math.max(0, nowSeconds - beganAt),
    remainingSeconds: left + after,
  };
}

/** "about 9 min" / "under a minute". */
export function formatTimeLeft(seconds: number): string {
  if (seconds < 60) return 'under a minute';
  return `about ${Math.round(seconds / 60)} min`;
}

/** The sentence the portal shows, or undefined when there is nothing to say (ready, unknown). */
export function describeClusterProgress(progress: ClusterProgress): string | undefined {
  switch (progress.state) {
    case 'preparing': {
      const position = `(${progress.step} of ${progress.steps})`;
      const left = `${formatTimeLeft(progress.remainingSeconds)} left`;
      if (progress.waitingFor) {
        return `The local cluster's build is waiting for ${progress.waitingFor} to finish; then ${progress.activity} ${position}, ${left} once it starts`;
      }
      if (progress.activity === CLUSTER_START_STEP) return `The local cluster is starting ${position}, ${left}`;
      return `The local cluster is being built: ${progress.activity} ${position}, ${left}`;
    }
    case 'failed':
      return `The local cluster could not be prepared: ${progress.message}. Fix that, then run scripts/dev.sh again (details in .slipway/logs/cluster.log).`;
    case 'stopped':
      return 'The local cluster was not finished: its build stopped. Run scripts/dev.sh again to resume it (binaries already built are kept).';
    default:
      return undefined;
  }
}
