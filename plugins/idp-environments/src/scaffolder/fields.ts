import { createFormField } from '@backstage/plugin-scaffolder-react/alpha';
import { EnvironmentPickerField } from './EnvironmentPickerField';
import { TeamPickerField } from './TeamPickerField';

export const teamPickerFormField = createFormField({ name: 'SlipwayTeamPicker', component: TeamPickerField });
export const environmentPickerFormField = createFormField({ name: 'SlipwayEnvironmentPicker', component: EnvironmentPickerField });
