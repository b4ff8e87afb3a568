import { AuthService, BackstageCredentials, DiscoveryService } from '@backstage/backend-plugin-api';
import { ServiceUnavailableError } from '@backstage/errors';
import { AppSpec } from '@internal/plugin-idp-apps-common';
import { FieldError, KubernetesManifest } from '@internal/plugin-idp-environments-common';
import { MissingSecretReference, SecretKeysView, missingSecretReferences, secretUsesOfManifests } from '@internal/plugin-idp-secrets-common';

/** An environment's secrets, names and keys only, as the deploying person may see them. */
export interface SecretKeyDirectory {
  keysOf(credentials: BackstageCredentials, namespace: string): Promise<SecretKeysView['secrets']>;
}

/** Asks the `idp-secrets` plugin, on behalf of the person deploying (so its permission check is theirs). */
export class SecretKeyDirectoryClient implements SecretKeyDirectory {
  static create(options: { discovery: DiscoveryService; auth: AuthService; timeoutMs?: number }) {
    return new SecretKeyDirectoryClient(options.discovery, options.auth, options.timeoutMs ?? 10_000);
  }

  private constructor(
    private readonly discovery: DiscoveryService,
    private readonly auth: AuthService,
    private readonly timeoutMs: number,
  ) {}

  async keysOf(credentials: BackstageCredentials, namespace: string): Promise<SecretKeysView['secrets']> {
    const what = `Checking the app's secret references in ${namespace}`;
    try {
      const { token } = await this.auth.getPluginRequestToken({ onBehalfOf: credentials, targetPluginId: 'idp-secrets' });
      const base = await this.discovery.getBaseUrl('idp-secrets');
      const res = await fetch(`${base}/environments/${encodeURIComponent(namespace)}/secret-keys`, {
        headers: { Authorization: `Bearer ${token}` },
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      if (!res.ok) throw new ServiceUnavailableError(`${what}: the secrets service answered ${res.status}; try again in a moment`);
      return ((await res.json()) as SecretKeysView).secrets;
    } catch (error) {
      if (error instanceof ServiceUnavailableError) throw error;
      throw new ServiceUnavailableError(`${what}: the secrets service did not answer (${(error as Error).name}); try again in a moment`);
    }
  }
}

/** The form field a missing reference came from, so the form marks it; the expert YAML when it came from there. */
function fieldOf(missing: MissingSecretReference, spec: AppSpec, expert: boolean): string {
  if (expert) return 'expertYaml';
  const variables = spec.environmentVariables ?? [];
  const variable = variables.findIndex(v => v.valueFrom === `secret/${missing.secret}/${missing.key}` && (!missing.variable || v.name === missing.variable));
  if (variable >= 0) return `spec.environmentVariables.${variable}.valueFrom`;
  const volume = (spec.volumes ?? []).findIndex(v => v.type === 'secret' && v.source === missing.secret);
  if (volume >= 0) return `spec.volumes.${volume}.source`;
  return 'spec';
}

/** Field errors for every secret or key the manifests read that the environment does not have; none when all exist. */
export async function checkSecretReferences(
  directory: SecretKeyDirectory | undefined,
  credentials: BackstageCredentials,
  deployment: { spec: AppSpec; namespace: string; manifests: KubernetesManifest[]; expert: boolean },
): Promise<FieldError[]> {
  const uses = secretUsesOfManifests(deployment.manifests);
  if (!uses.length || !directory) return [];
  const available = await directory.keysOf(credentials, deployment.namespace);
  return missingSecretReferences(uses, available, deployment.namespace).map(missing => ({ field: fieldOf(missing, deployment.spec, deployment.expert), message: missing.message }));
}
