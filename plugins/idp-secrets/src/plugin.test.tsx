import { coreExtensionData } from '@backstage/frontend-plugin-api';
import { createExtensionTester } from '@backstage/frontend-test-utils';
import { FormFieldBlueprint } from '@backstage/plugin-scaffolder-react/alpha';
import { secretReferenceField, secretsPage, secretsPlugin } from './plugin';
import { secretReferenceFormField } from './scaffolder/fields';

describe('secretsPlugin', () => {
  it('mounts the Secrets page at /secrets, titled for the sidebar', () => {
    expect(secretsPlugin.id).toBe('idp-secrets');
    expect(secretsPlugin.title).toBe('Secrets');
    expect(createExtensionTester(secretsPage).get(coreExtensionData.routePath)).toBe('/secrets');
  });

  it('provides the SlipwaySecretReference form field', async () => {
    const loader = createExtensionTester(secretReferenceField).get(FormFieldBlueprint.dataRefs.formFieldLoader);
    await expect(loader()).resolves.toBe(secretReferenceFormField);
  });
});
