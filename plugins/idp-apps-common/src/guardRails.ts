import type { EnvironmentType, KubernetesManifest } from '@internal/plugin-idp-environments-common';
import { networkPolicyNarrows, reservedNames, serviceExposure, slipwayLabels } from './accessGuardRails';
import { DEFAULT_GUARD_RAIL_SETTINGS, GuardRailSettings } from './guardRailSettings';
import { imagePinProblem, isFromRegistry } from './image';
import { podSecurityRestricted } from './podSecurityRule';
import { isQuantity } from '@internal/plugin-idp-environments-common';
import { NamespaceQuota, withinQuota } from './quotaRule';
import { asFields, asList, autoscalerOf, containersOf, objectName, podSpecs, withSharedPodSpecs } from './workloads';

export const GUARD_RAIL_IDS = [
  'pod-security-restricted',
  'resources-required',
  'image-tag-pinned',
  'allowed-registries',
  'no-host-access',
  'production-min-replicas',
  'within-quota',
  'reserved-names',
  'network-policy-narrows',
  'service-exposure',
  'slipway-labels',
] as const;
export type GuardRailId = (typeof GUARD_RAIL_IDS)[number];

/** One broken rule, at the field a form or YAML editor would highlight. */
export interface Violation {
  ruleId: GuardRailId;
  /** e.g. `Deployment/web` */
  object: string;
  /** e.g. `spec.template.spec.containers[0].image` */
  field: string;
  /** What is wrong, in plain words. */
  message: string;
  /** What to do about it. */
  fix: string;
}

export interface GuardRailContext {
  environmentType: EnvironmentType;
  /** Default: DEFAULT_GUARD_RAIL_SETTINGS. */
  settings?: GuardRailSettings;
  /** Without it, within-quota is not checked. */
  quota?: NamespaceQuota;
  /** The ingress controller's namespace, the only other namespace ingress may come from. Default: DEFAULT_INGRESS_NAMESPACE. */
  ingressNamespace?: string;
  /** Service types the environment's type allows (its settings' serviceTypes). Default: DEFAULT_SERVICE_TYPES, i.e. ClusterIP only. */
  serviceTypes?: readonly string[];
  /**
   * The values Slipway gives its labels in this environment, e.g. `{ 'slipway.dev/team': team,
   * 'slipway.dev/environment': environment, 'app.kubernetes.io/managed-by': 'slipway' }`; a listed
   * label an object carries must have its value here. Without it, slipway-labels is not checked.
   */
  expectedLabels?: Record<string, string>;
}

/** A rule over rendered manifests, so expert-mode YAML edits are judged the same as the form's. */
export interface GuardRail {
  id: GuardRailId;
  title: string;
  check(manifests: KubernetesManifest[], context: Required<Pick<GuardRailContext, 'settings'>> & GuardRailContext): Violation[];
}

// The golden path's values, as examples in the fix.
const EXAMPLES: Record<string, string> = { 'requests.cpu': '250m', 'requests.memory': '512Mi', 'limits.cpu': '1', 'limits.memory': '1Gi' };
const RESOURCE_FIELDS = Object.keys(EXAMPLES).map(field => {
  const [kind, resource] = field.split('.');
  return { field, kind, resource, name: `${kind === 'requests' ? 'request' : 'limit'} for ${resource}` };
});

export const resourcesRequired: GuardRail = {
  id: 'resources-required',
  title: 'Every container requests and limits CPU and memory',
  check(manifests) {
    return podSpecs(manifests).flatMap(pod =>
      containersOf(pod).flatMap(({ path, container }) =>
        RESOURCE_FIELDS.flatMap(({ field, kind, resource, name }) => {
          const amount = asFields(asFields(asFields(container.resources)?.[kind]))?.[resource];
          if (amount === undefined) {
            const example = EXAMPLES[field];
            return [{ ruleId: 'resources-required' as const, object: pod.object, field: `${path}.resources.${field}`, message: `Container ${String(container.name)} has no ${name}`, fix: `Set resources.${field}, e.g. ${example}, or choose a resource preset` }];
          }
          if (!isQuantity(amount)) {
            return [{ ruleId: 'resources-required' as const, object: pod.object, field: `${path}.resources.${field}`, message: `The ${name} "${String(amount)}" is not a Kubernetes quantity`, fix: resource === 'cpu' ? 'Write CPU like 250m or 1' : 'Write memory like 512Mi or 1Gi' }];
          }
          return [];
        }),
      ),
    );
  },
};

export const imageTagPinned: GuardRail = {
  id: 'image-tag-pinned',
  title: 'Images are pinned to a version tag or digest, never :latest',
  check(manifests) {
    return podSpecs(manifests).flatMap(pod =>
      containersOf(pod).flatMap(({ path, container }) => {
        const image = typeof container.image === 'string' ? container.image : '';
        const problem = imagePinProblem(image);
        if (!problem) return [];
        const messages = {
          invalid: [`"${image}" is not an image reference`, 'Give an image like registry.example.com/team-a/web:1.4.2'],
          untagged: [`Image ${image} has no tag, so it changes under the running app`, 'Add a version tag (e.g. :1.4.2) or a digest (@sha256:…)'],
          latest: [`Image ${image} uses :latest, so it changes under the running app`, 'Replace :latest with a version tag (e.g. :1.4.2) or a digest'],
        };
        const [message, fix] = messages[problem];
        return [{ ruleId: 'image-tag-pinned' as const, object: pod.object, field: `${path}.image`, message, fix }];
      }),
    );
  },
};

export const allowedRegistries: GuardRail = {
  id: 'allowed-registries',
  title: 'Images come only from the allowed registries',
  check(manifests, { settings }) {
    return podSpecs(manifests).flatMap(pod =>
      containersOf(pod).flatMap(({ path, container }) => {
        const image = typeof container.image === 'string' ? container.image : '';
        if (settings.allowedRegistries.some(prefix => isFromRegistry(image, prefix))) return [];
        return [{
          ruleId: 'allowed-registries' as const,
          object: pod.object,
          field: `${path}.image`,
          message: `Image ${image || '(none)'} is not from an allowed registry`,
          fix: `Push the image to one of ${settings.allowedRegistries.join(', ')} and use it from there`,
        }];
      }),
    );
  },
};

export const noHostAccess: GuardRail = {
  id: 'no-host-access',
  title: "No access to the node: hostPath, hostNetwork, hostPID, hostIPC, hostPort",
  check(manifests) {
    return podSpecs(manifests).flatMap(pod => {
      const violations: Violation[] = [];
      const add = (field: string, message: string, fix: string) => violations.push({ ruleId: 'no-host-access', object: pod.object, field, message, fix });
      for (const key of ['hostNetwork', 'hostPID', 'hostIPC'] as const) {
        if (pod.spec[key] === true) add(`${pod.path}.${key}`, `The pod shares the node's ${key.slice(4) === 'Network' ? 'network' : key.slice(4)} namespace`, `Remove ${key}`);
      }
      asList(pod.spec.volumes).forEach((volume, index) => {
        if (asFields(volume)?.hostPath !== undefined) {
          add(`${pod.path}.volumes[${index}].hostPath`, `Volume ${String(asFields(volume)?.name)} mounts a directory of the node`, 'Use an emptyDir, configMap, secret or persistentVolumeClaim volume instead');
        }
      });
      for (const { path, container } of containersOf(pod)) {
        asList(container.ports).forEach((port, index) => {
          const hostPort = asFields(port)?.hostPort;
          if (hostPort !== undefined && hostPort !== 0) {
            add(`${path}.ports[${index}].hostPort`, `Port ${String(hostPort)} is opened on the node itself`, 'Remove hostPort; the Service and ingress route traffic to the pod');
          }
        });
      }
      return violations;
    });
  },
};

export const productionMinReplicas: GuardRail = {
  id: 'production-min-replicas',
  title: 'Deployments in production run enough replicas to survive losing one',
  check(manifests, { environmentType, settings }) {
    if (environmentType !== 'production') return [];
    const minimum = settings.productionMinReplicas;
    const fix = `Run at least ${minimum} replicas in production`;
    return manifests.filter(manifest => manifest.kind === 'Deployment').flatMap(deployment => {
      const violations: Violation[] = [];
      const replicas = asFields(deployment.spec)?.replicas;
      const autoscaler = autoscalerOf(manifests, deployment);
      if (autoscaler) {
        const min = asFields(autoscaler.spec)?.minReplicas ?? 1;
        if (typeof min !== 'number' || min < minimum) {
          violations.push({ ruleId: 'production-min-replicas', object: objectName(autoscaler), field: 'spec.minReplicas', message: `The autoscaler may scale ${objectName(deployment)} down to ${String(min)} replica(s)`, fix: `Set autoscaling minReplicas to at least ${minimum}` });
        }
      }
      // Without an autoscaler Kubernetes defaults to 1 replica; with one, an explicit count still counts at rollout.
      const effective = replicas ?? (autoscaler ? undefined : 1);
      if (effective !== undefined && (typeof effective !== 'number' || effective < minimum)) {
        violations.push({ ruleId: 'production-min-replicas', object: objectName(deployment), field: 'spec.replicas', message: `${objectName(deployment)} runs ${String(effective)} replica(s)`, fix });
      }
      return violations;
    });
  },
};

/** Every guard rail of PRODUCT.md, in the order their results are shown. */
export const GUARD_RAILS: GuardRail[] = [
  podSecurityRestricted,
  resourcesRequired,
  imageTagPinned,
  allowedRegistries,
  noHostAccess,
  productionMinReplicas,
  withinQuota,
  reservedNames,
  networkPolicyNarrows,
  serviceExposure,
  slipwayLabels,
];

export interface GuardRailResult {
  passed: boolean;
  violations: Violation[];
  rules: { id: GuardRailId; title: string; passed: boolean }[];
}

/** Judges rendered (or expert-edited) manifests; nothing may be applied unless `passed`. */
export function evaluateGuardRails(manifests: KubernetesManifest[], context: GuardRailContext): GuardRailResult {
  const full = { ...context, settings: context.settings ?? DEFAULT_GUARD_RAIL_SETTINGS };
  const violations: Violation[] = [];
  const seen = new Set<string>();
  const rules = withSharedPodSpecs(manifests, () => GUARD_RAILS.map(rule => {
    const found = rule.check(manifests, full);
    // Several containers can break the same pod-level field; it is one fix, so one violation.
    for (const violation of found) {
      const key = `${violation.ruleId}|${violation.object}|${violation.field}`;
      if (!seen.has(key)) violations.push(violation);
      seen.add(key);
    }
    return { id: rule.id, title: rule.title, passed: found.length === 0 };
  }));
  return { passed: violations.length === 0, violations, rules };
}
