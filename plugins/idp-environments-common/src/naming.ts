import { z } from 'zod/v3';

/** Kubernetes namespace names are RFC 1123 DNS labels: at most 63 characters. */
export const MAX_NAMESPACE_LENGTH = 63;

const dnsLabel = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** Whether `name` can be a namespace at all; a name that cannot is an environment that does not exist, without asking the cluster. */
export function isNamespaceName(name: string): boolean {
  return name.length <= MAX_NAMESPACE_LENGTH && dnsLabel.test(name);
}

/** Most objects (Deployments, Pods, Secrets) are named as RFC 1123 DNS subdomains: at most 253 characters. */
export const MAX_OBJECT_NAME_LENGTH = 253;

/** An RFC 1123 DNS subdomain: what most Kubernetes objects may be named. */
export const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/**
 * Whether `name` can name a Deployment, Pod or Secret at all. A name that cannot is an object that
 * does not exist, without asking the cluster; it also keeps `.` and `..` out of API paths, where
 * they would address the list or the namespace itself (idp-kubernetes-node's dotSegments.ts refuses them on every call).
 */
export function isObjectName(name: string): boolean {
  return name.length <= MAX_OBJECT_NAME_LENGTH && DNS_SUBDOMAIN.test(name);
}

/** The 404's words for a name that cannot be a `kind` in `namespace` (see isObjectName). */
export function notAnObjectNameMessage(kind: string, name: string, namespace: string): string {
  return `No ${kind} ${name} in ${namespace}: Kubernetes names are lowercase letters, digits, dashes and dots, starting and ending with a letter or digit`;
}

/** The 404's words for a name that cannot be a namespace (see isNamespaceName). */
export function notANamespaceMessage(name: string): string {
  return `No environment ${name}: environments are namespaces, named with lowercase letters, digits and dashes`;
}

/** An environment name as a developer types it (e.g. "staging", "pr-42"). */
export const environmentNameSchema = z
  .string()
  .min(1, 'Enter a name')
  .max(40, 'Use at most 40 characters')
  .regex(dnsLabel, 'Use lowercase letters, digits and dashes; start and end with a letter or digit');

/** Why `<team>-<name>` is too long to be a namespace, or undefined when it fits. */
export function namespaceLengthProblem(team: string, name: string): string | undefined {
  const namespace = `${team}-${name}`;
  if (namespace.length <= MAX_NAMESPACE_LENGTH) return undefined;
  return `The namespace ${namespace} would be ${namespace.length} characters, Kubernetes allows ${MAX_NAMESPACE_LENGTH}; use at most ${MAX_NAMESPACE_LENGTH - team.length - 1} characters`;
}

/** The first problem with an environment name for `team` (the name, then the namespace it makes), or undefined. */
export function environmentNameProblem(team: string, name: string): string | undefined {
  const parsed = environmentNameSchema.safeParse(name);
  if (!parsed.success) return parsed.error.issues[0]?.message ?? 'Enter a valid name';
  return team ? namespaceLengthProblem(team, name) : undefined;
}

/** The namespace of an environment: `<team>-<env>`, e.g. `team-a-staging`. */
export function environmentNamespace(team: string, environment: string): string {
  const namespace = `${team}-${environment}`;
  if (namespace.length > MAX_NAMESPACE_LENGTH) {
    throw new RangeError(
      `Namespace "${namespace}" is ${namespace.length} characters; Kubernetes allows ${MAX_NAMESPACE_LENGTH}. Choose a shorter environment name.`,
    );
  }
  if (!dnsLabel.test(namespace)) {
    throw new RangeError(`Namespace "${namespace}" is not a DNS label; team and environment names must be lowercase letters, digits and dashes.`);
  }
  return namespace;
}
