import type { GuardRail, Violation } from './guardRails';
import { Fields, asFields, asList, containersOf, podSpecs } from './workloads';

/** Volume types Pod Security `restricted` allows. */
export const ALLOWED_VOLUME_TYPES = ['configMap', 'emptyDir', 'projected', 'secret', 'downwardAPI', 'persistentVolumeClaim', 'ephemeral'];
const ALLOWED_SECCOMP = ['RuntimeDefault', 'Localhost'];
// restricted lets a container add back only this one capability.
const ADDABLE_CAPABILITIES = ['NET_BIND_SERVICE'];

const securityContext = (fields: Fields | undefined) => asFields(fields?.securityContext);

/** Pod Security `restricted`, checked on each pod and container as the admission plugin does. */
export const podSecurityRestricted: GuardRail = {
  id: 'pod-security-restricted',
  title: 'Pod Security restricted: non-root, no privilege escalation, no capabilities, seccomp, allowed volumes',
  check(manifests) {
    const violations: Violation[] = [];
    for (const pod of podSpecs(manifests)) {
      const add = (field: string, message: string, fix: string) =>
        violations.push({ ruleId: 'pod-security-restricted', object: pod.object, field, message, fix });
      const podContext = securityContext(pod.spec);
      const podPath = `${pod.path}.securityContext`;
      if (podContext?.runAsUser === 0) add(`${podPath}.runAsUser`, 'The pod runs as root (user 0)', 'Remove runAsUser or use a non-zero user id');

      for (const { path, container } of containersOf(pod)) {
        const context = securityContext(container);
        const contextPath = `${path}.securityContext`;
        const runAsNonRoot = context?.runAsNonRoot ?? podContext?.runAsNonRoot;
        if (runAsNonRoot !== true) {
          const atContainer = context?.runAsNonRoot !== undefined;
          add(
            atContainer ? `${contextPath}.runAsNonRoot` : `${podPath}.runAsNonRoot`,
            'The container may run as root',
            'Set securityContext.runAsNonRoot: true and build the image with a non-root USER',
          );
        }
        if (context?.runAsUser === 0) add(`${contextPath}.runAsUser`, 'The container runs as root (user 0)', 'Remove runAsUser or use a non-zero user id');
        if (context?.privileged === true) add(`${contextPath}.privileged`, 'The container is privileged: it can do anything its node can', 'Remove privileged: true');
        if (context?.allowPrivilegeEscalation !== false) {
          add(`${contextPath}.allowPrivilegeEscalation`, 'The container may gain more privileges than it started with', 'Set securityContext.allowPrivilegeEscalation: false');
        }
        const capabilities = asFields(context?.capabilities);
        if (!asList(capabilities?.drop).includes('ALL')) {
          add(`${contextPath}.capabilities.drop`, 'The container keeps Linux capabilities it does not need', 'Set securityContext.capabilities.drop: [ALL]');
        }
        const added = asList(capabilities?.add).filter(capability => !ADDABLE_CAPABILITIES.includes(String(capability)));
        if (added.length > 0) {
          add(`${contextPath}.capabilities.add`, `The container adds capabilities ${added.join(', ')}`, 'Remove them; only NET_BIND_SERVICE may be added back');
        }
        const seccomp = asFields(context?.seccompProfile)?.type ?? asFields(podContext?.seccompProfile)?.type;
        if (!ALLOWED_SECCOMP.includes(String(seccomp))) {
          const atContainer = asFields(context?.seccompProfile)?.type !== undefined;
          add(
            atContainer ? `${contextPath}.seccompProfile.type` : `${podPath}.seccompProfile.type`,
            seccomp === undefined ? 'No seccomp profile filters the system calls of the container' : `Seccomp profile ${String(seccomp)} does not filter system calls`,
            'Set securityContext.seccompProfile.type: RuntimeDefault',
          );
        }
      }

      asList(pod.spec.volumes).forEach((volume, index) => {
        const fields = asFields(volume) ?? {};
        const type = Object.keys(fields).find(key => key !== 'name');
        if (type !== undefined && !ALLOWED_VOLUME_TYPES.includes(type)) {
          add(`${pod.path}.volumes[${index}]`, `Volume ${String(fields.name)} is of type ${type}, which restricted pods may not use`, `Use one of ${ALLOWED_VOLUME_TYPES.join(', ')}`);
        }
      });
    }
    return violations;
  },
};
