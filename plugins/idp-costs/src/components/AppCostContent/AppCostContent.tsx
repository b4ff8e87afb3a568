import { EmptyState } from '@backstage/core-components';
import { useEntity } from '@backstage/plugin-catalog-react';
import { appOfEntity } from '@internal/plugin-idp-apps-common';
import { AppCost } from '../AppCost';

/** The Cost tab of an app's component page (team and app from its `backstage.io/kubernetes-label-selector`). */
export function AppCostContent() {
  const { entity } = useEntity();
  const app = appOfEntity(entity);
  if (!app) {
    return <EmptyState missing="info" title="Not a Slipway app" description="Only apps deployed through Slipway's templates show their cost here." />;
  }
  return <AppCost team={app.team} app={app.app} />;
}
