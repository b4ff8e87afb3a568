import { Problem } from '@internal/plugin-idp-workloads-common';
import type { CoreV1Event, V1Deployment, V1Job } from '@kubernetes/client-node';
import { eventLastSeen } from './eventSummaries';
import { clip, problem, times } from './problems';
import { describeQuotaRefusal, parseQuotaRefusal } from './quotaRefusal';
import { isoTime } from './time';

/** A FailedCreate event of a ReplicaSet or Job: the quota is full, or pods are refused for another reason. */
export function explainCreateRefusal(object: string, message: string, seenAt?: string): Problem {
  const refusal = parseQuotaRefusal(message);
  if (refusal) {
    const what = describeQuotaRefusal(refusal);
    return problem({
      reason: 'QuotaExceeded',
      message: `The environment's quota is full${what ? ` (${what})` : ''}; scale something down or ask for a bigger environment type`,
      object,
      detail: message,
      seenAt,
    });
  }
  const cause = clip(message.replace(/^Error creating: /, ''));
  return problem({
    reason: 'ReplicaFailure',
    message: `Kubernetes refuses to create pods for ${object}${cause ? ` (${cause})` : ''}; fix what it names in the app spec, and it retries by itself`,
    object,
    detail: message,
    seenAt,
  });
}

/** FailedCreate events of the given ReplicaSets or Jobs (`Kind/name`). */
export function explainCreateEvents(events: CoreV1Event[], isWanted: (object: string) => boolean): Problem[] {
  return events
    .filter(e => e.type === 'Warning' && e.reason === 'FailedCreate')
    .map(e => ({ e, object: `${e.involvedObject.kind}/${e.involvedObject.name}` }))
    .filter(({ object }) => isWanted(object))
    .map(({ e, object }) => explainCreateRefusal(object, e.message ?? '', eventLastSeen(e)));
}

/** A Deployment's own conditions: a rollout past its deadline, pods it cannot create. */
export function explainDeployment(deployment: V1Deployment): Problem[] {
  const name = deployment.metadata?.name ?? '';
  const object = `Deployment/${name}`;
  const problems: Problem[] = [];
  for (const c of deployment.status?.conditions ?? []) {
    if (c.type === 'Progressing' && c.status === 'False' && c.reason === 'ProgressDeadlineExceeded') {
      const deadline = deployment.spec?.progressDeadlineSeconds ?? 600;
      problems.push(
        problem({
          reason: 'ProgressDeadlineExceeded',
          message: `Deployment ${name} did not finish rolling out within ${deadline} s because its new pods did not become ready; fix the pods' problems and deploy again`,
          object,
          detail: c.message,
          seenAt: isoTime(c.lastUpdateTime ?? c.lastTransitionTime),
        }),
      );
    }
    if (c.type === 'ReplicaFailure' && c.status === 'True') {
      problems.push(explainCreateRefusal(object, c.message ?? '', isoTime(c.lastUpdateTime ?? c.lastTransitionTime)));
    }
  }
  return problems;
}

/** A Job that gave up: too many failed pods, or past its deadline. */
export function explainJob(job: V1Job): Problem[] {
  const name = job.metadata?.name ?? '';
  const failed = job.status?.conditions?.find(c => c.type === 'Failed' && c.status === 'True');
  if (!failed) return [];
  let message: string;
  if (failed.reason === 'BackoffLimitExceeded') {
    message = `Job ${name} failed: its pods failed ${times(job.status?.failed ?? 0)}, the most it retries (backoffLimit ${job.spec?.backoffLimit ?? 6}); check the logs of its last pod, fix the cause and run it again`;
  } else if (failed.reason === 'DeadlineExceeded') {
    message = `Job ${name} ran longer than its deadline (${job.spec?.activeDeadlineSeconds ?? '?'} s) and was stopped; make it faster or allow it more time`;
  } else {
    message = `Job ${name} failed${failed.reason ? ` (${failed.reason})` : ''}; check the logs of its pods, fix the cause and run it again`;
  }
  return [problem({ reason: 'JobFailed', message, object: `Job/${name}`, detail: failed.message, seenAt: isoTime(failed.lastTransitionTime) })];
}
