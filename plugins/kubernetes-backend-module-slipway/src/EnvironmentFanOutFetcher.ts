import { FetchResponse } from '@backstage/plugin-kubernetes-common';
import { ClusterDetails, FetchResponseWrapper, KubernetesCredential, KubernetesFetcher, ObjectFetchParams } from '@backstage/plugin-kubernetes-node';
import { ENVIRONMENT_LABELS } from '@internal/plugin-idp-environments-common';
import { readableEnvironments } from './ImpersonatingClusterSupplier';

/**
 * People hold RoleBindings per environment, never cluster-wide, so a cluster-wide list would be
 * forbidden. An entity's objects are fetched in each environment the person may read (only its
 * team's, when the entity's label selector names a team) and merged, as one cluster-wide answer.
 */
export class EnvironmentFanOutFetcher implements KubernetesFetcher {
  constructor(private readonly inner: KubernetesFetcher) {}

  async fetchObjectsForService(params: ObjectFetchParams): Promise<FetchResponseWrapper> {
    if (params.namespace) return this.inner.fetchObjectsForService(params);
    const team = teamOfSelector(params.labelSelector);
    const namespaces = [...readableEnvironments(params.clusterDetails.authMetadata)].filter(([, owner]) => !team || owner === team).map(([ns]) => ns);
    const answers = await Promise.all(namespaces.map(namespace => this.inner.fetchObjectsForService({ ...params, namespace })));
    return merge(answers);
  }

  fetchPodMetricsByNamespaces(clusterDetails: ClusterDetails, credential: KubernetesCredential, namespaces: Set<string>, labelSelector?: string) {
    return this.inner.fetchPodMetricsByNamespaces(clusterDetails, credential, namespaces, labelSelector);
  }
}

/** The team a selector such as `slipway.dev/team=team-a,slipway.dev/app=web` asks for, if any. */
function teamOfSelector(selector: string | undefined): string | undefined {
  const term = selector
    ?.split(',')
    .map(t => t.trim())
    .find(t => t.startsWith(`${ENVIRONMENT_LABELS.team}=`));
  return term?.slice(ENVIRONMENT_LABELS.team.length + 1) || undefined;
}

/** One response per object type, as a cluster-wide list gives; custom resources stay per namespace. */
function merge(answers: FetchResponseWrapper[]): FetchResponseWrapper {
  const byType = new Map<string, FetchResponse>();
  const custom: FetchResponse[] = [];
  for (const response of answers.flatMap(a => a.responses)) {
    if (response.type === 'customresources') {
      custom.push(response);
      continue;
    }
    const seen = byType.get(response.type);
    if (seen) (seen.resources as unknown[]).push(...response.resources);
    else byType.set(response.type, { ...response, resources: [...response.resources] } as FetchResponse);
  }
  return { responses: [...byType.values(), ...custom], errors: answers.flatMap(a => a.errors) };
}
