import { coreExtensionData } from '@backstage/frontend-plugin-api';
import { createExtensionTester } from '@backstage/frontend-test-utils';
import { approvalsPage, approvalsPlugin } from './plugin';

describe('approvalsPlugin', () => {
  it('mounts the approvals page at /approvals, titled for the sidebar', () => {
    expect(approvalsPlugin.id).toBe('idp-approvals');
    expect(approvalsPlugin.title).toBe('Approvals');
    expect(createExtensionTester(approvalsPage).get(coreExtensionData.routePath)).toBe('/approvals');
  });
});
