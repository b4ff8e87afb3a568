import { ANNOTATION_LOCATION, ANNOTATION_ORIGIN_LOCATION, Entity } from '@backstage/catalog-model';
import { APP_LABELS, appLabelSelector } from '@internal/plugin-idp-apps-common';

export const APP_LOCATION = 'slipway:apps';

/** One app as it runs: which team and what kind. */
export interface DeployedApp {
  team: string;
  app: string;
  kind: 'Deployment' | 'CronJob';
}

/** A Deployment or CronJob labelled as Slipway's, and the namespace it is in. */
export interface LabelledWorkload {
  kind: 'Deployment' | 'CronJob';
  namespace: string;
  name: string;
  labels: Record<string, string>;
}

/**
 * Groups the workloads Slipway deployed into apps (one per team and app name). The team is the
 * environment's, read from its Namespace (which only the platform writes): a workload's own labels
 * can be set by anyone who may write in the namespace, so one whose team label names another team,
 * or that is outside any environment, is skipped with the reason instead of being listed as that
 * team's app.
 */
export function deployedApps(workloads: LabelledWorkload[], teamOfNamespace: ReadonlyMap<string, string>): { apps: DeployedApp[]; skipped: string[] } {
  const apps = new Map<string, DeployedApp>();
  const skipped: string[] = [];
  for (const { kind, namespace, name, labels } of workloads) {
    const app = labels[APP_LABELS.app];
    const labelledTeam = labels[APP_LABELS.team];
    const team = teamOfNamespace.get(namespace);
    const what = `${kind} ${namespace}/${name}`;
    if (!app) continue; // Slipway's own objects without an app (none today) are not apps
    if (!team) {
      skipped.push(`${what} is labelled as app ${app} but is not in a Slipway environment`);
      continue;
    }
    if (labelledTeam !== team) {
      skipped.push(`${what} is labelled as team ${labelledTeam ?? '(none)'}'s app ${app} but its environment belongs to ${team}`);
      continue;
    }
    const key = `${team}/${app}`;
    if (!apps.has(key)) apps.set(key, { team, app, kind });
  }
  return { apps: [...apps.values()].sort((a, b) => `${a.team}/${a.app}`.localeCompare(`${b.team}/${b.app}`)), skipped };
}

/**
 * An app as a catalog Component owned by its team. The name carries the team, because two
 * teams may both have an app called "api"; the Kubernetes views find its objects by labels.
 * Every signed-in user may read Components, so nothing here names the team's environments
 * (a preview's name can carry a branch); the app's own pages list them to those who may see them.
 */
export function appEntity(app: DeployedApp): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: `${app.team}.${app.app}`,
      title: app.app,
      description: `${app.kind === 'CronJob' ? 'Cron job' : 'App'} of ${app.team}, deployed by Slipway`,
      annotations: {
        [ANNOTATION_LOCATION]: APP_LOCATION,
        [ANNOTATION_ORIGIN_LOCATION]: APP_LOCATION,
        'backstage.io/kubernetes-label-selector': appLabelSelector(app.team, app.app),
      },
      tags: ['slipway'],
    },
    spec: {
      type: app.kind === 'CronJob' ? 'cron-job' : 'service',
      lifecycle: 'production',
      owner: `group:default/${app.team}`,
      system: 'slipway',
    },
  };
}
