import { Entity } from '@backstage/catalog-model';
import { coreExtensionData } from '@backstage/frontend-plugin-api';
import { createExtensionTester, renderInTestApp } from '@backstage/frontend-test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { screen } from '@testing-library/react';
import { costsApiRef } from './api/CostsApi';
import { AppCostContent } from './components/AppCostContent';
import { appCostContent, costsPlugin } from './plugin';
import { fakeCostsApi, sampleAppCost } from './testing/fakes';

const appEntity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'team-a.web', title: 'web', annotations: { 'backstage.io/kubernetes-label-selector': 'slipway.dev/team=team-a,slipway.dev/app=web' } },
  spec: { type: 'service', owner: 'group:default/team-a', lifecycle: 'production' },
};

jest.setTimeout(30_000);

describe('costsPlugin', () => {
  it('adds a Cost tab to the page of each Slipway app', () => {
    expect(costsPlugin.id).toBe('idp-costs');
    const tester = createExtensionTester(appCostContent);
    expect(tester.get(EntityContentBlueprint.dataRefs.title)).toBe('Cost');
    expect(tester.get(coreExtensionData.routePath)).toBe('cost');
    const filter = tester.get(EntityContentBlueprint.dataRefs.filterFunction)!;
    expect(filter(appEntity)).toBe(true);
    expect(filter({ ...appEntity, metadata: { name: 'docs' } })).toBe(false);
  });

  it('shows the cost of the component page’s app', async () => {
    const getAppCost = jest.fn(async () => sampleAppCost());
    await renderInTestApp(
      <EntityProvider entity={appEntity}>
        <AppCostContent />
      </EntityProvider>,
      { apis: [[costsApiRef, fakeCostsApi({ getAppCost })]] },
    );
    expect(await screen.findByText('USD 127.50')).toBeInTheDocument();
    expect(getAppCost).toHaveBeenCalledWith('team-a', 'web', 30);
  });
});
