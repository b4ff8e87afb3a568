import { EmptyState } from '@backstage/core-components';
import { useEntity } from '@backstage/plugin-catalog-react';
import { appOfEntity } from '@internal/plugin-idp-apps-common';
import { DeployRevisions } from '../DeployRevisions';

/** The Production tab of an app's component page: its production revisions, to roll back to. */
export function AppProductionContent() {
  const { entity } = useEntity();
  const app = appOfEntity(entity);
  if (!app) {
    return <EmptyState missing="info" title="Not a Slipway app" description="Only apps deployed through Slipway's templates have production revisions here." />;
  }
  return <DeployRevisions team={app.team} app={app.app} />;
}
