import { Entity } from '@backstage/catalog-model';
import { coreExtensionData } from '@backstage/frontend-plugin-api';
import { createExtensionTester, renderInTestApp } from '@backstage/frontend-test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { screen } from '@testing-library/react';
import { approvalsApiRef } from './api/ApprovalsApi';
import { AppProductionContent } from './components/AppProductionContent';
import { appProductionContent, approvalsPage, approvalsPlugin } from './plugin';
import { fakeApprovalsApi } from './testing/fakes';

const appEntity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'team-a.web', title: 'web', annotations: { 'backstage.io/kubernetes-label-selector': 'slipway.dev/team=team-a,slipway.dev/app=web' } },
  spec: { type: 'service', owner: 'group:default/team-a', lifecycle: 'production' },
};

jest.setTimeout(30_000);

describe('approvalsPlugin', () => {
  it('mounts the approvals page at /approvals, titled for the sidebar', () => {
    expect(approvalsPlugin.id).toBe('idp-approvals');
    expect(approvalsPlugin.title).toBe('Approvals');
    expect(createExtensionTester(approvalsPage).get(coreExtensionData.routePath)).toBe('/approvals');
  });

  it('adds a Production tab to the page of each Slipway app', () => {
    const tester = createExtensionTester(appProductionContent);
    expect(tester.get(EntityContentBlueprint.dataRefs.title)).toBe('Production');
    expect(tester.get(coreExtensionData.routePath)).toBe('production');
    const filter = tester.get(EntityContentBlueprint.dataRefs.filterFunction)!;
    expect(filter(appEntity)).toBe(true);
    expect(filter({ ...appEntity, metadata: { name: 'docs' } })).toBe(false);
  });

  it('shows the production revisions of the component page’s app', async () => {
    const listRevisions = jest.fn(async () => []);
    await renderInTestApp(
      <EntityProvider entity={appEntity}>
        <AppProductionContent />
      </EntityProvider>,
      { apis: [[approvalsApiRef, fakeApprovalsApi({ listRevisions })]] },
    );
    expect(await screen.findByText('No production revision yet: production deploys appear here once approved and applied')).toBeInTheDocument();
    expect(listRevisions).toHaveBeenCalledWith('team-a', 'web');
  });
});
