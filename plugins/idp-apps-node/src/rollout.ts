import { LoggerService } from '@backstage/backend-plugin-api';
import { AppsV1Api, CoreV1Api } from '@kubernetes/client-node';

/**
 * Waits until a Deployment's new pods are all ready, logging each change, and on timeout says
 * why in the cluster's words (the warning events of its pods).
 */
export async function waitForRollout(options: {
  apps: AppsV1Api;
  core: CoreV1Api;
  namespace: string;
  name: string;
  logger: Pick<LoggerService, 'info'>;
  timeoutMs: number;
  /** The autoscaler's minimum: the Deployment starts smaller and the HPA scales it up to this. */
  minReplicas?: number;
}): Promise<void> {
  const { apps, core, namespace, name, logger, timeoutMs, minReplicas = 0 } = options;
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    const d = await apps.readNamespacedDeployment({ name, namespace });
    const desired = Math.max(d.spec?.replicas ?? 1, minReplicas);
    const ready = d.status?.readyReplicas ?? 0;
    const updated = d.status?.updatedReplicas ?? 0;
    const progress = `${name}: ${ready}/${desired} replicas ready (${updated} updated)`;
    if (progress !== last) logger.info(progress);
    last = progress;
    const observed = (d.status?.observedGeneration ?? 0) >= (d.metadata?.generation ?? 0);
    if (observed && updated >= desired && ready >= desired) return;
    // Short polls: a KWOK pod is ready within a second; a real one is not slowed by them either.
    await new Promise(resolve => setTimeout(resolve, 250));
  }
  const events = await core.listNamespacedEvent({ namespace, fieldSelector: 'type=Warning' }).catch(() => undefined);
  const reasons = (events?.items ?? [])
    .filter(e => e.involvedObject.name?.startsWith(name))
    .slice(-5)
    .map(e => `${e.involvedObject.kind}/${e.involvedObject.name}: ${e.reason}: ${e.message}`);
  throw new Error(
    `${name} did not become ready within ${Math.round(timeoutMs / 1000)} s (${last}).${reasons.length ? ` Recent problems:\n${reasons.join('\n')}` : ' No warning events; check the pods\' logs.'}`,
  );
}
