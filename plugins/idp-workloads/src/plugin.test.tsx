import { Entity } from '@backstage/catalog-model';
import { coreExtensionData } from '@backstage/frontend-plugin-api';
import { createExtensionTester, renderInTestApp } from '@backstage/frontend-test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { WorkloadsApi, workloadsApiRef } from '@internal/plugin-idp-workloads-react';
import { screen } from '@testing-library/react';
import { AppWorkloadsContent } from './components/AppWorkloadsContent';
import { appWorkloadsContent, workloadsPlugin } from './plugin';

const appEntity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'team-a.web', title: 'web', annotations: { 'backstage.io/kubernetes-label-selector': 'slipway.dev/team=team-a,slipway.dev/app=web' } },
  spec: { type: 'service', owner: 'group:default/team-a', lifecycle: 'production' },
};

describe('workloadsPlugin', () => {
  it('adds a Workloads tab to the page of each Slipway app', () => {
    expect(workloadsPlugin.id).toBe('idp-workloads');
    const tester = createExtensionTester(appWorkloadsContent);
    expect(tester.get(EntityContentBlueprint.dataRefs.title)).toBe('Workloads');
    expect(tester.get(coreExtensionData.routePath)).toBe('workloads');
    const filter = tester.get(EntityContentBlueprint.dataRefs.filterFunction)!;
    expect(filter(appEntity)).toBe(true);
    expect(filter({ ...appEntity, metadata: { name: 'docs' } })).toBe(false);
  });

  it('shows the app of the component page', async () => {
    const getAppWorkloads = jest.fn(async () => []);
    const api = { getAppWorkloads } as unknown as WorkloadsApi;
    await renderInTestApp(
      <EntityProvider entity={appEntity}>
        <AppWorkloadsContent />
      </EntityProvider>,
      { apis: [[workloadsApiRef, api]] },
    );
    expect(await screen.findByText("web runs in none of team-a's environments you can see")).toBeInTheDocument();
    expect(getAppWorkloads).toHaveBeenCalledWith('team-a', 'web');
  });
});
