import { EmptyState } from '@backstage/core-components';
import { useEntity } from '@backstage/plugin-catalog-react';
import { AppWorkloads } from '@internal/plugin-idp-workloads-react';
import { appOfEntity } from '../../appOfEntity';

/** The Workloads tab of an app's component page. */
export function AppWorkloadsContent() {
  const { entity } = useEntity();
  const app = appOfEntity(entity);
  if (!app) {
    return <EmptyState missing="info" title="Not a Slipway app" description="Only apps deployed through Slipway's templates show their workloads here." />;
  }
  return <AppWorkloads team={app.team} app={app.app} />;
}
