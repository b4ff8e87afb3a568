import type { KubernetesManifest } from '@internal/plugin-idp-environments-common';
import { DEFAULT_INGRESS_NAMESPACE, DEFAULT_SERVICE_TYPES, ENVIRONMENT_OBJECT_NAMES, MANAGED_BY } from '@internal/plugin-idp-environments-common';
import type { GuardRail, Violation } from './guardRails';
import { APP_LABELS } from './labels';
import { Fields, asFields, asList, objectName, podSpecPath } from './workloads';

/**
 * Guard rails that keep expert-mode YAML from widening access: the environment's own objects,
 * network reach, Service exposure and Slipway's labels stay as the platform set them. Apps are
 * applied by the platform identity with force, so these are checked before anything is applied.
 */

const RESERVED_NAMES: ReadonlySet<string> = new Set(Object.values(ENVIRONMENT_OBJECT_NAMES));
/** The label Kubernetes puts on every Namespace, holding its name. */
const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';

const nameOf = (manifest: KubernetesManifest): unknown => asFields(manifest.metadata)?.name;
const labelsOf = (metadata: unknown): Fields | undefined => asFields(asFields(metadata)?.labels);

/** The app the manifests belong to, for examples in a fix: its label, else its workload's name. */
function appNameOf(manifests: KubernetesManifest[]): string {
  for (const manifest of manifests) {
    const app = labelsOf(manifest.metadata)?.[APP_LABELS.app];
    if (typeof app === 'string' && app) return app;
  }
  for (const manifest of manifests) {
    const name = nameOf(manifest);
    if ((manifest.kind === 'Deployment' || manifest.kind === 'CronJob') && typeof name === 'string' && name && !RESERVED_NAMES.has(name)) return name;
  }
  return '<app>';
}

export const reservedNames: GuardRail = {
  id: 'reserved-names',
  title: "No object takes the name of one the platform puts in every environment",
  check(manifests) {
    const app = appNameOf(manifests);
    return manifests.flatMap(manifest => {
      const name = nameOf(manifest);
      if (typeof name !== 'string' || !RESERVED_NAMES.has(name)) return [];
      return [{
        ruleId: 'reserved-names' as const,
        object: objectName(manifest),
        field: 'metadata.name',
        message: `${manifest.kind} ${name} has the name of an object the platform puts in every environment; applied, it would overwrite the environment's own`,
        fix: `Rename it, e.g. ${app}-${name}`,
      }];
    });
  },
};

/** matchExpressions, unless absent or empty: refused rather than interpreted, even where they would narrow. */
const usesExpressions = (selector: Fields) => {
  const expressions = selector.matchExpressions;
  return expressions !== undefined && expressions !== null && !(Array.isArray(expressions) && expressions.length === 0);
};

/** True when a peer selects only the ingress controller's namespace (and maybe some of its pods). */
function selectsIngressNamespace(peer: Fields, ingressNamespace: string): boolean {
  const selector = asFields(peer.namespaceSelector);
  if (!selector || usesExpressions(selector)) return false;
  if (Object.keys(selector).some(key => key !== 'matchLabels' && key !== 'matchExpressions')) return false;
  // Further labels are ANDed with the namespace's name, so they can only narrow it.
  return asFields(selector.matchLabels)?.[NAMESPACE_NAME_LABEL] === ingressNamespace;
}

/** A peer the environment's own policies already allow: pods of this namespace, or the ingress controller's namespace. */
function isAllowedPeer(peer: Fields | undefined, ingressNamespace: string): boolean {
  if (!peer) return false;
  const keys = Object.keys(peer).filter(key => peer[key] !== undefined && peer[key] !== null);
  if (keys.length === 1 && keys[0] === 'podSelector') return asFields(peer.podSelector) !== undefined;
  if (keys.every(key => key === 'namespaceSelector' || key === 'podSelector') && keys.includes('namespaceSelector')) {
    const podSelector = peer.podSelector;
    if (podSelector !== undefined && podSelector !== null && !asFields(podSelector)) return false;
    return selectsIngressNamespace(peer, ingressNamespace);
  }
  return false;
}

export const networkPolicyNarrows: GuardRail = {
  id: 'network-policy-narrows',
  title: "NetworkPolicies only narrow the environment's: ingress from this namespace and the ingress controller",
  check(manifests, { ingressNamespace = DEFAULT_INGRESS_NAMESPACE }) {
    const allowed =
      `pods of this namespace (a podSelector alone) or the ingress controller ` +
      `(namespaceSelector.matchLabels ${NAMESPACE_NAME_LABEL}: ${ingressNamespace}, optionally with a podSelector)`;
    // NetworkPolicies add up, so one wide rule opens the pods whatever the environment's policies say.
    // Egress is not restricted by the environment, so any egress rule narrows it.
    return manifests.filter(manifest => manifest.kind === 'NetworkPolicy').flatMap(policy => {
      const violations: Violation[] = [];
      const name = String(nameOf(policy));
      asList(asFields(policy.spec)?.ingress).forEach((rule, i) => {
        const from = asFields(rule)?.from;
        const peers = asList(from);
        if (peers.length === 0) {
          let missing = 'a from that is not a list';
          if (from === undefined || from === null) missing = 'no from';
          else if (Array.isArray(from)) missing = 'an empty from';
          violations.push({
            ruleId: 'network-policy-narrows',
            object: objectName(policy),
            field: `spec.ingress[${i}].from`,
            message: `NetworkPolicy ${name}: ingress rule ${i} has ${missing}, so it lets in traffic from anywhere`,
            fix: `List under from only ${allowed}`,
          });
          return;
        }
        peers.forEach((peer, j) => {
          if (isAllowedPeer(asFields(peer), ingressNamespace)) return;
          violations.push({
            ruleId: 'network-policy-narrows',
            object: objectName(policy),
            field: `spec.ingress[${i}].from[${j}]`,
            message: `NetworkPolicy ${name}: ingress rule ${i} lets in traffic from ${describePeer(asFields(peer))}, which the environment does not allow`,
            fix: `Allow only ${allowed}; the environment refuses every other source`,
          });
        });
      });
      return violations;
    });
  },
};

function describePeer(peer: Fields | undefined): string {
  if (!peer || Object.keys(peer).length === 0) return 'an empty source (anywhere)';
  if (peer.ipBlock !== undefined && peer.ipBlock !== null) {
    const cidr = asFields(peer.ipBlock)?.cidr;
    return typeof cidr === 'string' ? `IP addresses ${cidr} (ipBlock)` : 'IP addresses (ipBlock)';
  }
  const selector = asFields(peer.namespaceSelector);
  if (selector) {
    if (Object.keys(selector).length === 0) return 'every namespace (an empty namespaceSelector)';
    if (usesExpressions(selector)) return 'namespaces chosen by matchExpressions';
    const namespace = asFields(selector.matchLabels)?.[NAMESPACE_NAME_LABEL];
    if (typeof namespace === 'string') return `namespace ${namespace}`;
    return 'namespaces chosen by their labels';
  }
  return `a source of ${Object.keys(peer).join(', ')}`;
}

export const serviceExposure: GuardRail = {
  id: 'service-exposure',
  title: "Services use only the environment's allowed types and no external IPs",
  check(manifests, { environmentType, serviceTypes }) {
    const allowed: readonly string[] = serviceTypes ?? DEFAULT_SERVICE_TYPES;
    return manifests.filter(manifest => manifest.kind === 'Service').flatMap(service => {
      const violations: Violation[] = [];
      const name = String(nameOf(service));
      const spec = asFields(service.spec);
      const type = spec?.type ?? 'ClusterIP';
      if (typeof type !== 'string' || !allowed.includes(type)) {
        violations.push({
          ruleId: 'service-exposure',
          object: objectName(service),
          field: 'spec.type',
          message: `Service ${name}: type ${String(type)} is not allowed in ${environmentType} environments (allowed: ${allowed.join(', ')})`,
          fix:
            `Use ClusterIP and expose the app through an Ingress, or ask a platform admin to allow ${String(type)} ` +
            `for this environment type (slipway.environments.types.${environmentType}.serviceTypes)`,
        });
      }
      const externalIPs = spec?.externalIPs;
      if (externalIPs !== undefined && externalIPs !== null && !(Array.isArray(externalIPs) && externalIPs.length === 0)) {
        violations.push({
          ruleId: 'service-exposure',
          object: objectName(service),
          field: 'spec.externalIPs',
          message:
            `Service ${name}: externalIPs (${asList(externalIPs).map(String).join(', ') || String(externalIPs)}) ` +
            'route traffic for those addresses from the nodes straight to the app, around the ingress',
          fix: 'Remove spec.externalIPs and expose the app through an Ingress',
        });
      }
      return violations;
    });
  },
};

/** Where a workload's pod template (and a CronJob's job template) keep their metadata. */
function templateMetadataPaths(manifest: KubernetesManifest): string[][] {
  const podSpec = podSpecPath(manifest.kind);
  if (!podSpec || podSpec.length === 1) return []; // a bare Pod's labels are its metadata.labels
  const paths = [[...podSpec.slice(0, -1), 'metadata']];
  if (manifest.kind === 'CronJob') paths.unshift(['spec', 'jobTemplate', 'metadata']);
  return paths;
}

/** The context's expectedLabels for an app of `team` in `environment`: the values the renderer gives Slipway's labels. */
export function expectedSlipwayLabels(team: string, environment: string): Record<string, string> {
  return { [APP_LABELS.team]: team, [APP_LABELS.environment]: environment, [APP_LABELS.managedBy]: MANAGED_BY };
}

export const slipwayLabels: GuardRail = {
  id: 'slipway-labels',
  title: "Slipway's labels name the app's own team, environment and manager",
  check(manifests, { expectedLabels }) {
    if (!expectedLabels) return [];
    const expected = Object.entries(expectedLabels);
    return manifests.flatMap(manifest => {
      const places = [['metadata'], ...templateMetadataPaths(manifest)];
      return places.flatMap(path => {
        let metadata: unknown = manifest;
        for (const key of path) metadata = asFields(metadata)?.[key];
        const labels = labelsOf(metadata);
        if (!labels) return [];
        return expected.flatMap(([label, value]) => {
          const actual = labels[label];
          if (actual === undefined || actual === value) return [];
          const where = path.length > 1 ? ` (${path.join('.')})` : '';
          return [{
            ruleId: 'slipway-labels' as const,
            object: objectName(manifest),
            field: `${path.join('.')}.labels["${label}"]`,
            message:
              `${manifest.kind} ${String(nameOf(manifest))}${where}: label ${label} is ${String(actual)}, ` +
              `but Slipway sets ${value} here, so the object would claim another ${labelSubject(label)}`,
            fix: "Leave Slipway's labels as rendered",
          }];
        });
      });
    });
  },
};

function labelSubject(label: string): string {
  if (label === APP_LABELS.team) return 'team';
  if (label === APP_LABELS.environment) return 'environment';
  if (label === APP_LABELS.managedBy) return 'manager';
  if (label === APP_LABELS.app) return 'app';
  return 'owner';
}
