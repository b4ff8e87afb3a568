import { EntityLike, appOfEntity, isSlipwayApp } from './appOfEntity';

const component = (annotations: Record<string, string>, kind = 'Component'): EntityLike => ({ kind, metadata: { annotations } });

describe('appOfEntity', () => {
  it('reads team and app from the label selector Slipway writes', () => {
    expect(appOfEntity(component({ 'backstage.io/kubernetes-label-selector': 'slipway.dev/team=team-a,slipway.dev/app=web' }))).toEqual({
      team: 'team-a',
      app: 'web',
    });
    expect(appOfEntity(component({ 'backstage.io/kubernetes-label-selector': 'slipway.dev/app == web, slipway.dev/team=team-b' }))).toEqual({
      team: 'team-b',
      app: 'web',
    });
  });

  it('leaves other entities alone', () => {
    expect(isSlipwayApp(component({}))).toBe(false);
    expect(isSlipwayApp(component({ 'backstage.io/kubernetes-label-selector': 'app=web' }))).toBe(false);
    expect(isSlipwayApp(component({ 'backstage.io/kubernetes-label-selector': 'slipway.dev/team=team-a,slipway.dev/app=web' }, 'Resource'))).toBe(false);
  });
});
