import { appEntity, deployedApps } from './appEntity';

const labels = (team: string, app: string, environment: string) => ({
  'app.kubernetes.io/managed-by': 'slipway',
  'slipway.dev/team': team,
  'slipway.dev/app': app,
  'slipway.dev/environment': environment,
});
const teams = new Map([
  ['team-a-dev', 'team-a'],
  ['team-a-staging', 'team-a'],
  ['team-b-dev', 'team-b'],
]);

describe('deployed apps in the catalog', () => {
  it('groups workloads by team and app', () => {
    const { apps, skipped } = deployedApps(
      [
        { kind: 'Deployment', namespace: 'team-a-staging', name: 'api', labels: labels('team-a', 'api', 'staging') },
        { kind: 'Deployment', namespace: 'team-a-dev', name: 'api', labels: labels('team-a', 'api', 'dev') },
        { kind: 'Deployment', namespace: 'team-b-dev', name: 'api', labels: labels('team-b', 'api', 'dev') },
        { kind: 'CronJob', namespace: 'team-a-dev', name: 'report', labels: labels('team-a', 'report', 'dev') },
        { kind: 'Deployment', namespace: 'team-a-dev', name: 'platform-thing', labels: { 'app.kubernetes.io/managed-by': 'slipway' } },
      ],
      teams,
    );
    expect(apps).toEqual([
      { team: 'team-a', app: 'api', kind: 'Deployment' },
      { team: 'team-a', app: 'report', kind: 'CronJob' },
      { team: 'team-b', app: 'api', kind: 'Deployment' },
    ]);
    expect(skipped).toEqual([]);
  });

  it('takes the team from the environment, skipping a workload labelled as another team’s or outside any environment', () => {
    const { apps, skipped } = deployedApps(
      [
        // Someone in team-b's namespace labels a Deployment as team-a's: it must not become team-a's Component.
        { kind: 'Deployment', namespace: 'team-b-dev', name: 'fake', labels: labels('team-a', 'payments', 'dev') },
        { kind: 'Deployment', namespace: 'team-b-dev', name: 'unlabelled', labels: { 'slipway.dev/app': 'x' } },
        { kind: 'CronJob', namespace: 'default', name: 'stray', labels: labels('team-a', 'stray', 'dev') },
      ],
      teams,
    );
    expect(apps).toEqual([]);
    expect(skipped).toEqual([
      "Deployment team-b-dev/fake is labelled as team team-a's app payments but its environment belongs to team-b",
      "Deployment team-b-dev/unlabelled is labelled as team (none)'s app x but its environment belongs to team-b",
      'CronJob default/stray is labelled as app stray but is not in a Slipway environment',
    ]);
  });

  it('makes a Component owned by the team that the Kubernetes views find by labels, naming none of its environments', () => {
    const entity = appEntity({ team: 'team-a', app: 'api', kind: 'Deployment' });
    expect(entity).toMatchObject({
      kind: 'Component',
      metadata: {
        name: 'team-a.api',
        title: 'api',
        description: 'App of team-a, deployed by Slipway',
        annotations: { 'backstage.io/kubernetes-label-selector': 'slipway.dev/team=team-a,slipway.dev/app=api' },
        tags: ['slipway'],
      },
      spec: { type: 'service', owner: 'group:default/team-a', system: 'slipway' },
    });
    expect(appEntity({ team: 'team-a', app: 'nightly', kind: 'CronJob' }).metadata.description).toBe('Cron job of team-a, deployed by Slipway');
  });
});
