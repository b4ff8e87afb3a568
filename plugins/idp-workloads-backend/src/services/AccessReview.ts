import { ClusterAccess, Impersonation } from '@internal/plugin-idp-kubernetes-node';
import { AuthorizationV1Api } from '@kubernetes/client-node';

/** One thing a user might do in a namespace, in Kubernetes RBAC terms. */
export interface AccessQuestion {
  namespace: string;
  verb: string;
  resource: string;
  group?: string;
  subresource?: string;
}

const TTL_MS = 30_000;
const MAX_ENTRIES = 10_000;

/**
 * Asks Kubernetes whether the user may do something, as the user (SelfSubjectAccessReview while
 * impersonating), so answers served from the cache still follow the cluster's RBAC. Answers are
 * remembered for 30 s: a revoked RoleBinding takes effect within that time.
 */
export class AccessReview {
  private readonly answers = new Map<string, { allowed: boolean; until: number }>();

  constructor(private readonly cluster: ClusterAccess, private readonly now: () => number = Date.now) {}

  async allows(who: Impersonation, question: AccessQuestion): Promise<boolean> {
    const key = JSON.stringify([who.user, who.groups, question]);
    const known = this.answers.get(key);
    if (known && known.until > this.now()) return known.allowed;
    const review = await this.cluster.asUser(AuthorizationV1Api, who).createSelfSubjectAccessReview({
      body: { apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectAccessReview', spec: { resourceAttributes: { ...question } } },
    });
    const allowed = review.status?.allowed === true;
    if (this.answers.size >= MAX_ENTRIES) this.answers.clear();
    this.answers.set(key, { allowed, until: this.now() + TTL_MS });
    return allowed;
  }
}
