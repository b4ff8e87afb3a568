import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import { screen } from '@testing-library/react';
import { environmentsApiRef } from '../../api/EnvironmentsApi';
import { fakeEnvironmentsApi, sampleEnvironment } from '../../testing/fakes';
import { EnvironmentAction, EnvironmentActionDialogs } from './EnvironmentActionDialogs';

const environment = sampleEnvironment();
const render = (action?: EnvironmentAction) =>
  renderInTestApp(<EnvironmentActionDialogs action={action} onClose={jest.fn()} onDone={jest.fn()} />, {
    apis: [[environmentsApiRef, fakeEnvironmentsApi()], mockApis.identity({ ownershipEntityRefs: ['group:default/team-a'] })],
  });

describe('EnvironmentActionDialogs', () => {
  it.each([
    ['extend', 'Extend team-a-dev'],
    ['clone', 'Clone team-a-dev'],
    ['delete', 'Delete team-a-dev'],
  ] as const)('opens the %s dialog', async (kind, title) => {
    render({ kind, environment });
    expect(await screen.findByRole('heading', { name: title })).toBeInTheDocument();
  });

  it('renders nothing without an action', async () => {
    render(undefined);
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
  });
});
