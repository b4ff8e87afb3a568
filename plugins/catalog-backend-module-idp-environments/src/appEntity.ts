import { ANNOTATION_LOCATION, ANNOTATION_ORIGIN_LOCATION, Entity } from '@backstage/catalog-model';
import { APP_LABELS, appLabelSelector } from '@internal/plugin-idp-apps-common';

export const APP_LOCATION = 'slipway:apps';

/** One app as it runs: which team, what kind, and in which environments. */
export interface DeployedApp {
  team: string;
  app: string;
  kind: 'Deployment' | 'CronJob';
  environments: string[];
}

/** Groups the workloads Slipway deployed into apps (one per team and app name). */
export function deployedApps(workloads: { kind: 'Deployment' | 'CronJob'; labels: Record<string, string> }[]): DeployedApp[] {
  const apps = new Map<string, DeployedApp>();
  for (const { kind, labels } of workloads) {
    const team = labels[APP_LABELS.team];
    const app = labels[APP_LABELS.app];
    const environment = labels[APP_LABELS.environment];
    if (!team || !app) continue;
    const key = `${team}/${app}`;
    const entry = apps.get(key) ?? { team, app, kind, environments: [] };
    if (environment && !entry.environments.includes(environment)) entry.environments.push(environment);
    apps.set(key, entry);
  }
  return [...apps.values()].map(a => ({ ...a, environments: a.environments.sort() })).sort((a, b) => `${a.team}/${a.app}`.localeCompare(`${b.team}/${b.app}`));
}

/**
 * An app as a catalog Component owned by its team. The name carries the team, because two
 * teams may both have an app called "api"; the Kubernetes views find its objects by labels.
 */
export function appEntity(app: DeployedApp): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: `${app.team}.${app.app}`,
      title: app.app,
      description: `${app.kind === 'CronJob' ? 'Cron job' : 'App'} of ${app.team}, deployed by Slipway to ${app.environments.join(', ')}`,
      annotations: {
        [ANNOTATION_LOCATION]: APP_LOCATION,
        [ANNOTATION_ORIGIN_LOCATION]: APP_LOCATION,
        'backstage.io/kubernetes-label-selector': appLabelSelector(app.team, app.app),
      },
      tags: ['slipway', ...app.environments.map(e => `env-${e}`.slice(0, 63))],
    },
    spec: {
      type: app.kind === 'CronJob' ? 'cron-job' : 'service',
      lifecycle: 'production',
      owner: `group:default/${app.team}`,
      system: 'slipway',
    },
  };
}
