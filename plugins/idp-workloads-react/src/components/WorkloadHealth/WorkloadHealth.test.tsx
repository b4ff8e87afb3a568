import { renderInTestApp } from '@backstage/frontend-test-utils';
import { screen } from '@testing-library/react';
import { workloadsApiRef } from '../../api/WorkloadsApi';
import { fakeWorkloadsApi } from '../../testing/fakes';
import { WorkloadHealth, useEnvironmentStatuses } from './WorkloadHealth';

const summary = { namespace: 'team-a-dev', workloads: 3, healthy: 2, pods: 7, restarts: 4, problems: 1 };

function List() {
  const { statuses, error } = useEnvironmentStatuses();
  return (
    <>
      {['team-a-dev', 'team-a-new'].map(ns => (
        <div key={ns} data-testid={ns}>
          <WorkloadHealth summary={statuses?.get(ns)} error={error} />
        </div>
      ))}
    </>
  );
}

describe('WorkloadHealth', () => {
  it('puts the counts of each environment in words, problems in red', async () => {
    await renderInTestApp(<List />, {
      apis: [[workloadsApiRef, fakeWorkloadsApi({ listEnvironmentStatuses: async () => [summary, { ...summary, namespace: 'team-a-new', workloads: 0, healthy: 0, pods: 0, restarts: 0, problems: 0 }] })]],
    });
    expect(await screen.findByText('2/3 healthy · 7 pods · 4 restarts · 1 problem')).toBeInTheDocument();
    expect(screen.getByText('no workloads')).toBeInTheDocument();
  });

  it('shows a dash, with the reason on hover, when the status cannot be read', async () => {
    await renderInTestApp(<List />, { apis: [[workloadsApiRef, fakeWorkloadsApi({ listEnvironmentStatuses: () => Promise.reject(new Error('backend down')) })]] });
    expect(await screen.findAllByTitle('Could not read workload status: backend down')).toHaveLength(2);
  });
});
