import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import { screen } from '@testing-library/react';
import { TeamPickerField } from './TeamPickerField';

const props = (onChange = jest.fn()) => ({ formData: undefined, onChange, schema: { title: 'Team' }, uiSchema: {}, rawErrors: [], required: true }) as any;

describe('TeamPickerField', () => {
  it('picks the only team of a one-team user', async () => {
    const onChange = jest.fn();
    renderInTestApp(<TeamPickerField {...props(onChange)} />, {
      apis: [mockApis.identity({ userEntityRef: 'user:default/bob', ownershipEntityRefs: ['group:default/team-a', 'group:default/team-a-leads'] })],
    });
    expect(await screen.findByText('The team that owns the app')).toBeInTheDocument();
    expect(onChange).toHaveBeenCalledWith('team-a');
  });

  it('offers the team a tech lead leads, even without its member group', async () => {
    const onChange = jest.fn();
    renderInTestApp(<TeamPickerField {...props(onChange)} />, {
      apis: [mockApis.identity({ userEntityRef: 'user:default/carol', ownershipEntityRefs: ['group:default/team-c-leads'] })],
    });
    expect(await screen.findByText('The team that owns the app')).toBeInTheDocument();
    expect(onChange).toHaveBeenCalledWith('team-c');
  });

  it('says what to do without a team', async () => {
    renderInTestApp(<TeamPickerField {...props()} />, { apis: [mockApis.identity({ userEntityRef: 'user:default/mallory', ownershipEntityRefs: [] })] });
    expect(await screen.findByText('You are not a member of any team; ask a tech lead to add you to one')).toBeInTheDocument();
  });
});
