import { parseSecretReference } from './appSpec';
import { GOLDEN_PATH, ResolvedAppSpec } from './goldenPath';
import { CONFIG_HASH_ANNOTATION } from './labels';

/** Name of the ConfigMap holding an app's plain environment values. */
export const configMapName = (app: string) => `${app}-config`;

/** The app's plain values (not secrets), in spec order; empty when there are none. */
export function configMapData(spec: ResolvedAppSpec): Record<string, string> {
  const data: Record<string, string> = {};
  for (const variable of spec.environmentVariables) {
    if (variable.value !== undefined) data[variable.name] = variable.value;
  }
  return data;
}

/** FNV-1a: short and stable; it only needs to change when the values do, not to be secure. */
export function configHash(data: Record<string, string>): string {
  let hash = 0x811c9dc5;
  const text = JSON.stringify(Object.entries(data));
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}

// Spec order is kept: later variables may refer to earlier ones with $(NAME).
function environment(spec: ResolvedAppSpec): Record<string, unknown>[] {
  return spec.environmentVariables.map(variable => {
    if (variable.valueFrom !== undefined) {
      const secret = parseSecretReference(variable.valueFrom);
      if (!secret) throw new TypeError(`${variable.name}: "${variable.valueFrom}" is not secret/<name>/<key>; validate the spec with parseAppSpec first`);
      return { name: variable.name, valueFrom: { secretKeyRef: { name: secret.name, key: secret.key } } };
    }
    return { name: variable.name, valueFrom: { configMapKeyRef: { name: configMapName(spec.name), key: variable.name } } };
  });
}

function volumes(spec: ResolvedAppSpec): { volumes: Record<string, unknown>[]; mounts: Record<string, unknown>[] } {
  const result = spec.volumes.map(volume => {
    const sources = {
      emptyDir: { emptyDir: {} },
      configMap: { configMap: { name: volume.source } },
      secret: { secret: { secretName: volume.source } },
    };
    const source = sources[volume.type];
    // Configuration is read, not written: a writable mount of it would only hide mistakes.
    const readOnly = volume.type === 'emptyDir' ? {} : { readOnly: true };
    return { volume: { name: volume.name, ...source }, mount: { name: volume.name, mountPath: volume.mountPath, ...readOnly } };
  });
  const tmp = GOLDEN_PATH.tmpVolume;
  if (!spec.volumes.some(volume => volume.mountPath === tmp.mountPath)) {
    result.push({ volume: { name: tmp.name, emptyDir: {} }, mount: { name: tmp.name, mountPath: tmp.mountPath } });
  }
  return { volumes: result.map(r => r.volume), mounts: result.map(r => r.mount) };
}

/** The app's single container, with the golden path's resources, probes and security context. */
function container(spec: ResolvedAppSpec, image: string, mounts: Record<string, unknown>[]): Record<string, unknown> {
  const env = environment(spec);
  const { containerSecurityContext } = GOLDEN_PATH;
  return {
    name: spec.name,
    image,
    ...(spec.type === 'web' ? { ports: [{ name: 'http', containerPort: spec.port, protocol: 'TCP' }] } : {}),
    ...(env.length > 0 ? { env } : {}),
    resources: {
      requests: { cpu: spec.resources.requests.cpu, memory: spec.resources.requests.memory },
      limits: { cpu: spec.resources.limits.cpu, memory: spec.resources.limits.memory },
    },
    ...(spec.probes
      ? {
          livenessProbe: { httpGet: { path: spec.probes.liveness.path, port: 'http' } },
          readinessProbe: { httpGet: { path: spec.probes.readiness.path, port: 'http' } },
        }
      : {}),
    securityContext: {
      allowPrivilegeEscalation: containerSecurityContext.allowPrivilegeEscalation,
      capabilities: { drop: [...containerSecurityContext.capabilities.drop] },
      readOnlyRootFilesystem: containerSecurityContext.readOnlyRootFilesystem,
    },
    volumeMounts: mounts,
  };
}

/** The pod template (metadata and spec) shared by the Deployment and the CronJob's jobs. */
export function podTemplate(spec: ResolvedAppSpec, image: string, labels: Record<string, string>): Record<string, unknown> {
  const { volumes: podVolumes, mounts } = volumes(spec);
  const data = configMapData(spec);
  const annotations = Object.keys(data).length > 0 ? { annotations: { [CONFIG_HASH_ANNOTATION]: configHash(data) } } : {};
  const { podSecurityContext } = GOLDEN_PATH;
  return {
    metadata: { labels: { ...labels }, ...annotations },
    spec: {
      serviceAccountName: spec.name,
      securityContext: {
        runAsNonRoot: podSecurityContext.runAsNonRoot,
        seccompProfile: { type: podSecurityContext.seccompProfile.type },
      },
      ...(spec.type === 'cron' ? { restartPolicy: GOLDEN_PATH.cron.restartPolicy } : {}),
      containers: [container(spec, image, mounts)],
      volumes: podVolumes,
    },
  };
}
