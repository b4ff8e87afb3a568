import { renderInTestApp } from '@backstage/frontend-test-utils';
import { fireEvent, screen, within } from '@testing-library/react';
import { environmentsApiRef } from '../api/EnvironmentsApi';
import { fakeEnvironmentsApi, sampleEnvironment } from '../testing/fakes';
import { EnvironmentPickerField } from './EnvironmentPickerField';

const api = fakeEnvironmentsApi({
  listEnvironments: async () => [
    sampleEnvironment({ name: 'dev' }),
    sampleEnvironment({ name: 'prod', type: 'production' }),
    sampleEnvironment({ name: 'old', phase: 'Terminating' }),
    sampleEnvironment({ team: 'team-b', name: 'qa' }),
  ],
});

function renderField(team: string | undefined, onChange = jest.fn()) {
  const props = {
    formData: undefined,
    onChange,
    schema: { title: 'Environment' },
    uiSchema: {},
    formContext: { formData: { team } },
    rawErrors: [],
    required: true,
  } as any;
  renderInTestApp(<EnvironmentPickerField {...props} />, { apis: [[environmentsApiRef, api]] });
  return onChange;
}

describe('EnvironmentPickerField', () => {
  it('offers only the chosen team’s active environments, production marked as needing a tech lead’s approval', async () => {
    const onChange = renderField('team-a');
    await screen.findByText('Where the app runs; production deploys need an approval');
    // MUI's select opens on mouse down of its button.
    fireEvent.mouseDown(screen.getAllByRole('button')[0]);
    const options = within(screen.getByRole('listbox')).getAllByRole('option');
    expect(options.map(o => o.textContent)).toEqual(['dev (development, namespace team-a-dev)', "prod (production: needs a tech lead's approval, namespace team-a-prod)"]);
    fireEvent.click(options[0]);
    expect(onChange).toHaveBeenCalledWith('dev');
  });

  it('asks for the team first', async () => {
    renderField(undefined);
    expect(await screen.findByText('Choose the team first')).toBeInTheDocument();
  });

  it('says what to do when the team has no environment', async () => {
    renderField('team-c');
    expect(await screen.findByText('team-c has no environment yet; create one in Environments first')).toBeInTheDocument();
  });
});
