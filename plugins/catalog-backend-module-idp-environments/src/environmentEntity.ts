import { ANNOTATION_LOCATION, ANNOTATION_ORIGIN_LOCATION, Entity } from '@backstage/catalog-model';
import { ENVIRONMENT_ANNOTATIONS, ENVIRONMENT_LABELS, Environment } from '@internal/plugin-idp-environments-common';

export const ENVIRONMENT_LOCATION = 'slipway:environments';

/** An environment as a catalog Resource: searchable, and owned by its team. */
export function environmentEntity(environment: Environment): Entity {
  const expiry = environment.expiresAt ? `expires ${environment.expiresAt}` : 'never expires';
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name: environment.namespace,
      title: `${environment.team} ${environment.name}`,
      description: `${environment.type} environment of ${environment.team} (namespace ${environment.namespace}); ${expiry}`,
      labels: { [ENVIRONMENT_LABELS.type]: environment.type },
      annotations: {
        [ANNOTATION_LOCATION]: ENVIRONMENT_LOCATION,
        [ANNOTATION_ORIGIN_LOCATION]: ENVIRONMENT_LOCATION,
        'backstage.io/kubernetes-namespace': environment.namespace,
        [ENVIRONMENT_ANNOTATIONS.owner]: environment.owner,
        ...(environment.expiresAt ? { [ENVIRONMENT_ANNOTATIONS.expiresAt]: environment.expiresAt } : {}),
      },
      tags: [environment.type, ...(environment.protected ? ['protected'] : []), ...(environment.preview ? ['preview'] : [])],
    },
    spec: {
      type: 'environment',
      owner: `group:default/${environment.team}`,
      system: 'slipway',
    },
  };
}
