import { ENVIRONMENT_ACCESS } from './accessTable';
import { ENVIRONMENT_ANNOTATIONS, ENVIRONMENT_LABELS, MANAGED_BY } from './labels';
import { KubernetesManifest } from './manifest';

/**
 * Admission rules Kubernetes itself enforces (ValidatingAdmissionPolicy, CEL), so Slipway's rules
 * hold for requests that never went through the portal: `kubectl` as a person, a pod's service
 * account, or a compromised portal.
 */

/** The ClusterRole listing whom the platform identity may impersonate: Slipway's users and groups only. */
export const IMPERSONATION_ROLE = 'slipway-backend-impersonation';

/** Service types allowed in an environment unless its type's settings add more. */
export const DEFAULT_SERVICE_TYPES = ['ClusterIP'] as const;
export const SERVICE_TYPES = ['ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName'] as const;

const MANAGED = `'${ENVIRONMENT_LABELS.managedBy}'`;
const isSlipwayNamespace = (object: string) =>
  `has(${object}.metadata.labels) && ${MANAGED} in ${object}.metadata.labels && ${object}.metadata.labels[${MANAGED}] == '${MANAGED_BY}'`;

const labels = { [ENVIRONMENT_LABELS.managedBy]: MANAGED_BY };

const policy = (name: string, spec: Record<string, unknown>): KubernetesManifest => ({
  apiVersion: 'admissionregistration.k8s.io/v1',
  kind: 'ValidatingAdmissionPolicy',
  metadata: { name, labels },
  spec: { failurePolicy: 'Fail', ...spec },
});

const binding = (name: string, matchResources?: Record<string, unknown>): KubernetesManifest => ({
  apiVersion: 'admissionregistration.k8s.io/v1',
  kind: 'ValidatingAdmissionPolicyBinding',
  metadata: { name, labels },
  spec: {
    policyName: name,
    validationActions: ['Deny'],
    ...(matchResources ? { matchResources } : {}),
  },
});

const slipwayNamespaces = {
  namespaceSelector: {
    matchLabels: { [ENVIRONMENT_LABELS.managedBy]: MANAGED_BY },
  },
};

/** Resources of the rows only the platform writes inside environments (quotas, limits, network policies, role bindings). */
function platformOwnedResourceRules() {
  const byGroup = new Map<string, Set<string>>();
  for (const row of ENVIRONMENT_ACCESS.filter(r => r.action === 'access.change')) {
    for (const rule of row.kubernetes.rules) {
      for (const group of rule.apiGroups) {
        const resources = byGroup.get(group) ?? new Set<string>();
        rule.resources.forEach(r => resources.add(r));
        byGroup.set(group, resources);
      }
    }
  }
  return [...byGroup.entries()].map(([group, resources]) => ({
    apiGroups: [group],
    apiVersions: ['*'],
    resources: [...resources].sort(),
    operations: ['CREATE', 'UPDATE', 'DELETE'],
  }));
}

export interface AdmissionPolicyOptions {
  /** The platform identity's user name, e.g. `system:serviceaccount:slipway-system:slipway-backend`. */
  platformUser: string;
}

/** Every ValidatingAdmissionPolicy and its binding. */
export function renderAdmissionPolicies(options: AdmissionPolicyOptions): KubernetesManifest[] {
  const platform = `'${options.platformUser}'`;
  return [
    // 1. Quotas, limit ranges, network policies and role bindings in environments are the platform's.
    policy('slipway-platform-objects', {
      matchConstraints: { resourceRules: platformOwnedResourceRules() },
      matchConditions: [
        {
          name: 'not-the-platform-identity',
          expression: `request.userInfo.username != ${platform}`,
        },
        // The namespace controller removes them along with their namespace; cluster operators are above Slipway.
        {
          name: 'not-the-control-plane',
          expression: "!request.userInfo.username.startsWith('system:serviceaccount:kube-system:') && !('system:masters' in request.userInfo.groups)",
        },
      ],
      validations: [
        {
          expression: 'false',
          messageExpression:
            "request.kind.kind + ' ' + request.name + ' in ' + request.namespace + ' is written by Slipway only: quotas, limits, network policies and role bindings of an environment change through the portal (a tech lead edits quotas in Environments)'",
          reason: 'Forbidden',
        },
      ],
    }),
    binding('slipway-platform-objects', slipwayNamespaces),

    // 2. Services stay inside the cluster unless the environment's type allows more.
    policy('slipway-service-exposure', {
      matchConstraints: {
        resourceRules: [
          {
            apiGroups: [''],
            apiVersions: ['v1'],
            resources: ['services'],
            operations: ['CREATE', 'UPDATE'],
          },
        ],
      },
      variables: [
        {
          name: 'allowed',
          expression: `has(namespaceObject.metadata.annotations) && '${
            ENVIRONMENT_ANNOTATIONS.serviceTypes
          }' in namespaceObject.metadata.annotations ? namespaceObject.metadata.annotations['${
            ENVIRONMENT_ANNOTATIONS.serviceTypes
          }'].split(',') : ${JSON.stringify([...DEFAULT_SERVICE_TYPES]).replace(/"/g, "'")}`,
        },
        {
          name: 'type',
          expression: "has(object.spec.type) ? object.spec.type : 'ClusterIP'",
        },
      ],
      validations: [
        {
          expression: 'variables.type in variables.allowed',
          messageExpression:
            "'Service ' + object.metadata.name + ': spec.type ' + variables.type + ' is not allowed in ' + namespaceObject.metadata.name + ' (allowed: ' + variables.allowed.join(', ') + '); use ClusterIP and expose the app through an Ingress'",
          reason: 'Forbidden',
        },
        {
          expression: '!has(object.spec.externalIPs) || size(object.spec.externalIPs) == 0',
          messageExpression: "'Service ' + object.metadata.name + ': spec.externalIPs is not allowed; remove it and expose the app through an Ingress'",
          reason: 'Forbidden',
        },
      ],
    }),
    binding('slipway-service-exposure', slipwayNamespaces),

    // 3. Whom the platform identity may impersonate: named people and groups, never system identities.
    policy('slipway-impersonation-scope', {
      matchConstraints: {
        resourceRules: [
          {
            apiGroups: ['rbac.authorization.k8s.io'],
            apiVersions: ['*'],
            resources: ['clusterroles'],
            operations: ['CREATE', 'UPDATE'],
          },
        ],
      },
      matchConditions: [
        {
          name: 'the-impersonation-role',
          expression: `object.metadata.name == '${IMPERSONATION_ROLE}'`,
        },
      ],
      validations: [
        {
          expression:
            "!has(object.aggregationRule) && (!has(object.rules) || object.rules.all(r, r.verbs == ['impersonate'] && r.apiGroups == [''] && r.resources.all(x, x in ['users', 'groups']) && has(r.resourceNames) && size(r.resourceNames) > 0 && r.resourceNames.all(n, !n.startsWith('system:') && n != '*')))",
          message: `${IMPERSONATION_ROLE} may only let the platform impersonate named users and groups (resourceNames), never system: identities or everyone`,
          reason: 'Forbidden',
        },
      ],
    }),
    binding('slipway-impersonation-scope'),

    // 4. The platform identity writes only inside Slipway's namespaces (and Slipway namespaces themselves).
    policy('slipway-platform-scope', {
      matchConstraints: {
        resourceRules: [
          {
            apiGroups: ['*'],
            apiVersions: ['*'],
            resources: ['*/*'],
            operations: ['CREATE', 'UPDATE', 'DELETE'],
          },
        ],
      },
      matchConditions: [
        {
          name: 'the-platform-identity',
          expression: `request.userInfo.username == ${platform}`,
        },
        // Reviews ("may I?", "who am I?") change nothing.
        {
          name: 'not-a-review',
          expression: "!(request.resource.group in ['authorization.k8s.io', 'authentication.k8s.io'])",
        },
      ],
      validations: [
        {
          expression: [
            'namespaceObject != null',
            `  ? (${isSlipwayNamespace('namespaceObject')})`,
            "  : request.resource.resource == 'namespaces'",
            `    ? ((request.operation == 'CREATE' || ${isSlipwayNamespace('oldObject')}) && (request.operation == 'DELETE' || ${isSlipwayNamespace(
              'object',
            )}))`,
            `    : (request.resource.resource == 'clusterroles' && request.name == '${IMPERSONATION_ROLE}')`,
          ].join('\n'),
          messageExpression:
            "'the Slipway platform identity writes only in Slipway namespaces (labelled " +
            `${ENVIRONMENT_LABELS.managedBy}=${MANAGED_BY}` +
            "); refused: ' + request.operation + ' ' + request.resource.resource + ' ' + request.name + (request.namespace != '' ? ' in ' + request.namespace : '')",
          reason: 'Forbidden',
        },
      ],
    }),
    binding('slipway-platform-scope'),
  ];
}
