import { LoggerService } from '@backstage/backend-plugin-api';
import { ENVIRONMENT_ANNOTATIONS } from '@internal/plugin-idp-environments-common';
import { ApiException, CoreV1Api, PatchStrategy, setHeaderOptions } from '@kubernetes/client-node';
import { ClusterAccess } from './clusterAccess';
import { FIELD_MANAGER, kubernetesMessage } from './conventions';

/** At most one write per environment in this interval: the janitor counts days, not seconds. */
const DEFAULT_MIN_INTERVAL_MS = 5 * 60_000;
/** Environments remembered at once; the oldest is forgotten first (a forgotten one is simply written again). */
const MAX_REMEMBERED = 10_000;

/**
 * What people do in an environment — deploys, scaling, restarts, secret writes, approvals — is
 * activity: the namespace's `slipway.dev/last-activity` moves to now, so the janitor never takes an
 * environment in use for an idle one. Written by the platform identity, at most once per interval,
 * and best effort: failing to record activity never fails what the person did (it is logged).
 */
export class EnvironmentActivity {
  private readonly recorded = new Map<string, number>();

  constructor(
    private readonly cluster: ClusterAccess,
    private readonly logger: Pick<LoggerService, 'warn'>,
    private readonly options: { minIntervalMs?: number; now?: () => Date } = {},
  ) {}

  async record(namespace: string): Promise<void> {
    const now = (this.options.now ?? (() => new Date()))();
    const last = this.recorded.get(namespace);
    if (last !== undefined && now.getTime() - last < (this.options.minIntervalMs ?? DEFAULT_MIN_INTERVAL_MS)) return;
    const body = { metadata: { annotations: { [ENVIRONMENT_ANNOTATIONS.lastActivity]: now.toISOString() } } };
    try {
      await this.cluster
        .asService(CoreV1Api)
        .patchNamespace({ name: namespace, body, fieldManager: FIELD_MANAGER }, setHeaderOptions('Content-Type', PatchStrategy.MergePatch));
      this.recorded.delete(namespace);
      this.recorded.set(namespace, now.getTime());
      if (this.recorded.size > MAX_REMEMBERED) this.recorded.delete(this.recorded.keys().next().value!);
    } catch (error) {
      if (error instanceof ApiException && error.code === 404) return;
      const why = error instanceof ApiException ? kubernetesMessage(error) : String(error);
      this.logger.warn(`Could not record activity in ${namespace} (the janitor may see it as idle): ${why}`);
    }
  }
}
