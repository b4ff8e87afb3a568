import { DEFAULT_GUARD_RAIL_SETTINGS } from '@internal/plugin-idp-apps-common';
import {
  Caller,
  canActOnTeam,
  Decision,
  EnvironmentType,
  EnvironmentTypeSettings,
  isLeadOf,
} from '@internal/plugin-idp-environments-common';

/** A request to set a Deployment's replicas, with what the rules need to know about its environment. */
export interface ScaleRequest {
  caller: Caller;
  /** The Deployment's name, for the messages. */
  workload: string;
  team: string;
  environmentType: EnvironmentType;
  settings: EnvironmentTypeSettings;
  replicas: number;
  /** Pods of the environment's other workloads now: the pod quota counts them too. */
  otherPods?: number;
  /** The HorizontalPodAutoscaler that targets the Deployment, if there is one. */
  hpa?: { minReplicas?: number; maxReplicas: number };
  /** Fewest replicas a developer may leave in production; the guard rail's default (3) unless given. */
  productionMinReplicas?: number;
}

const refuse = (reason: string, field?: string): Decision => (field ? { allowed: false, field, reason } : { allowed: false, reason });

/**
 * Who may set how many replicas, in this order:
 * 1. members of the workload's team (and platform admins) only;
 * 2. a whole number, 0 or more;
 * 3. not when an autoscaler owns the replicas: it would undo the change within seconds;
 * 4. within the environment type's pod quota, counting the other workloads' pods;
 * 5. in production, below the guard rail's minimum (e.g. to 0) only tech leads and platform
 *    admins: it takes capacity away from users. Scaling production up is anyone's in the team.
 */
export function decideScale(request: ScaleRequest): Decision {
  const { caller, workload, team, environmentType, settings, replicas, hpa } = request;
  if (!canActOnTeam(caller, team)) {
    return refuse(`You are not a member of ${team}; only its members can scale ${workload}`);
  }
  if (!Number.isInteger(replicas) || replicas < 0) {
    return refuse('Give a whole number of replicas, 0 or more', 'replicas');
  }
  if (hpa) {
    const min = hpa.minReplicas ?? 1;
    return refuse(
      `${workload} is scaled by its autoscaler, between ${min} and ${hpa.maxReplicas} replicas as load changes; to change that range, set autoscaling.minReplicas and maxReplicas in the app spec (or turn autoscaling off) and deploy again`,
      'replicas',
    );
  }
  const otherPods = request.otherPods ?? 0;
  const room = Math.max(0, settings.quota.pods - otherPods);
  if (replicas > room) {
    const others = otherPods > 0 ? ` and its other workloads run ${otherPods}` : '';
    return refuse(
      `A ${environmentType} environment holds at most ${settings.quota.pods} pods${others}; use at most ${room} replicas, scale something else down, or ask for a bigger environment type`,
      'replicas',
    );
  }
  const productionMin = request.productionMinReplicas ?? DEFAULT_GUARD_RAIL_SETTINGS.productionMinReplicas;
  if (environmentType === 'production' && replicas < productionMin && !isLeadOf(caller, team)) {
    return refuse(
      `Production workloads keep at least ${productionMin} replicas; only tech leads of ${team} can scale ${workload} below that, so ask one`,
      'replicas',
    );
  }
  return { allowed: true };
}
