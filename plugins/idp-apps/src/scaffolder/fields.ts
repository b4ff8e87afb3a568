import { createFormField } from '@backstage/plugin-scaffolder-react/alpha';
import { AppPreviewField } from './AppPreviewField';
import { validateAppPreview } from './validateAppPreview';

export const appPreviewFormField = createFormField({ name: 'SlipwayAppPreview', component: AppPreviewField, validation: validateAppPreview as any });
