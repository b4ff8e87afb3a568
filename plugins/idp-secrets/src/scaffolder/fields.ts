import { createFormField } from '@backstage/plugin-scaffolder-react/alpha';
import { SecretReferenceField } from './SecretReferenceField';

export const secretReferenceFormField = createFormField({ name: 'SlipwaySecretReference', component: SecretReferenceField });
