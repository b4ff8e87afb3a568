import { ENVIRONMENT_LABELS, MANAGED_BY, SLIPWAY_LABEL_PREFIX } from '@internal/plugin-idp-environments-common';

/** Labels that tie every object of an app to the app, its team and its environment. */
export const APP_LABELS = {
  name: 'app.kubernetes.io/name',
  partOf: 'app.kubernetes.io/part-of',
  managedBy: ENVIRONMENT_LABELS.managedBy,
  team: ENVIRONMENT_LABELS.team,
  environment: ENVIRONMENT_LABELS.environment,
  app: `${SLIPWAY_LABEL_PREFIX}app`,
} as const;

/** On the pod template: a hash of the app's ConfigMap, so a changed value rolls the pods. */
export const CONFIG_HASH_ANNOTATION = `${SLIPWAY_LABEL_PREFIX}config-hash`;

export interface AppLabelInput {
  app: string;
  team: string;
  environment: string;
  /** The system (catalog) the app belongs to, if any. */
  partOf?: string;
}

/** The labels of every object of the app, always in this key order. */
export function appLabels(input: AppLabelInput): Record<string, string> {
  return {
    [APP_LABELS.name]: input.app,
    ...(input.partOf ? { [APP_LABELS.partOf]: input.partOf } : {}),
    [APP_LABELS.managedBy]: MANAGED_BY,
    [APP_LABELS.team]: input.team,
    [APP_LABELS.environment]: input.environment,
    [APP_LABELS.app]: input.app,
  };
}

/** The pod selector: one label, because selectors cannot change once a Deployment exists. */
export function appSelector(app: string): Record<string, string> {
  return { [APP_LABELS.app]: app };
}

/**
 * The value for a catalog Component's `backstage.io/kubernetes-label-selector` annotation; team
 * and app together, because two teams may both have an app called "api".
 */
export function appLabelSelector(team: string, app: string): string {
  return `${APP_LABELS.team}=${team},${APP_LABELS.app}=${app}`;
}
