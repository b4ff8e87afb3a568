import { appEntity, deployedApps } from './appEntity';

const labels = (team: string, app: string, environment: string) => ({
  'app.kubernetes.io/managed-by': 'slipway',
  'slipway.dev/team': team,
  'slipway.dev/app': app,
  'slipway.dev/environment': environment,
});

describe('deployed apps in the catalog', () => {
  it('groups workloads by team and app, listing their environments', () => {
    const apps = deployedApps([
      { kind: 'Deployment', labels: labels('team-a', 'api', 'staging') },
      { kind: 'Deployment', labels: labels('team-a', 'api', 'dev') },
      { kind: 'Deployment', labels: labels('team-b', 'api', 'dev') },
      { kind: 'CronJob', labels: labels('team-a', 'report', 'dev') },
      { kind: 'Deployment', labels: { 'app.kubernetes.io/managed-by': 'slipway' } },
    ]);
    expect(apps).toEqual([
      { team: 'team-a', app: 'api', kind: 'Deployment', environments: ['dev', 'staging'] },
      { team: 'team-a', app: 'report', kind: 'CronJob', environments: ['dev'] },
      { team: 'team-b', app: 'api', kind: 'Deployment', environments: ['dev'] },
    ]);
  });

  it('makes a Component owned by the team that the Kubernetes views find by labels', () => {
    expect(appEntity({ team: 'team-a', app: 'api', kind: 'Deployment', environments: ['dev', 'staging'] })).toMatchObject({
      kind: 'Component',
      metadata: {
        name: 'team-a.api',
        title: 'api',
        annotations: { 'backstage.io/kubernetes-label-selector': 'slipway.dev/team=team-a,slipway.dev/app=api' },
        tags: ['slipway', 'env-dev', 'env-staging'],
      },
      spec: { type: 'service', owner: 'group:default/team-a', system: 'slipway' },
    });
  });
});
