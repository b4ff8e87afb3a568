import { ClusterAccess, Impersonation } from '@internal/plugin-idp-kubernetes-node';
import { AuthorizationV1Api } from '@kubernetes/client-node';

/** One thing a user might do in a namespace, in Kubernetes RBAC terms. */
export interface AccessQuestion {
  /** Absent: in every namespace. */
  namespace?: string;
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
 *
 * A question about one namespace is first asked for every namespace: a user allowed everywhere
 * (platform admins, by a ClusterRoleBinding) is then answered for all of an admin's 200
 * environments by one review instead of 200. Callers asking the same question at the same time
 * share one review.
 */
export class AccessReview {
  private readonly answers = new Map<string, { allowed: Promise<boolean>; until: number }>();

  constructor(private readonly cluster: ClusterAccess, private readonly now: () => number = Date.now) {}

  async allows(who: Impersonation, question: AccessQuestion): Promise<boolean> {
    if (question.namespace !== undefined) {
      const everywhere = { ...question };
      delete everywhere.namespace;
      if (await this.ask(who, everywhere)) return true;
    }
    return this.ask(who, question);
  }

  private ask(who: Impersonation, question: AccessQuestion): Promise<boolean> {
    const key = JSON.stringify([who.user, who.groups, question]);
    const now = this.now();
    const known = this.answers.get(key);
    if (known && known.until > now) return known.allowed;
    if (this.answers.size >= MAX_ENTRIES) this.answers.clear();
    const allowed = this.cluster
      .asUser(AuthorizationV1Api, who)
      .createSelfSubjectAccessReview({
        body: { apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectAccessReview', spec: { resourceAttributes: { ...question } } },
      })
      .then(review => review.status?.allowed === true);
    this.answers.set(key, { allowed, until: now + TTL_MS });
    // A review that failed is asked again next time, not remembered.
    allowed.catch(() => {
      if (this.answers.get(key)?.allowed === allowed) this.answers.delete(key);
    });
    return allowed;
  }
}
