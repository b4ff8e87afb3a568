import { appLabelSelector, appLabels, appSelector } from './labels';

describe('app labels', () => {
  it('ties an object to app, team and environment, in a fixed key order', () => {
    expect(Object.entries(appLabels({ app: 'web', team: 'team-a', environment: 'dev', partOf: 'shop' }))).toEqual([
      ['app.kubernetes.io/name', 'web'],
      ['app.kubernetes.io/part-of', 'shop'],
      ['app.kubernetes.io/managed-by', 'slipway'],
      ['slipway.dev/team', 'team-a'],
      ['slipway.dev/environment', 'dev'],
      ['slipway.dev/app', 'web'],
    ]);
    expect(appLabels({ app: 'web', team: 'team-a', environment: 'dev' })).not.toHaveProperty(['app.kubernetes.io/part-of']);
  });

  it('selects pods by app and finds them for the catalog by team and app', () => {
    expect(appSelector('web')).toEqual({ 'slipway.dev/app': 'web' });
    expect(appLabelSelector('team-a', 'web')).toBe('slipway.dev/team=team-a,slipway.dev/app=web');
  });
});
