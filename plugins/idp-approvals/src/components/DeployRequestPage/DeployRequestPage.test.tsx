import { renderInTestApp } from '@backstage/frontend-test-utils';
import { signalApiRef } from '@backstage/plugin-signals-react';
import { DEPLOY_REQUEST_SIGNAL_CHANNEL as signalChannelOf } from '@internal/plugin-idp-approvals-common';
import { OPENCOST_DEFAULT_PRICES } from '@internal/plugin-idp-costs-common';
import { act, fireEvent, screen, within } from '@testing-library/react';
import { ApprovalsApi, approvalsApiRef } from '../../api/ApprovalsApi';
import { fakeApprovalsApi, fakeSignalApi, responseError, sampleRequest } from '../../testing/fakes';
import { ApprovalsPage } from '../ApprovalsPage';

function render(api: ApprovalsApi, id = 'req-1') {
  const signals = fakeSignalApi();
  renderInTestApp(<ApprovalsPage />, {
    mountPath: '/approvals',
    initialRouteEntries: [`/approvals/requests/${id}`],
    apis: [[approvalsApiRef, api], [signalApiRef, signals.api]],
  });
  return signals;
}

const button = (name: string) => screen.getByRole('button', { name }) as HTMLButtonElement;

// A whole page in the test app; on 2 shared cores the first render alone can take several seconds.
jest.setTimeout(30_000);

describe('DeployRequestPage', () => {
  it('shows what the change costs per month at today’s prices, and says when the prices cannot be read', async () => {
    render(fakeApprovalsApi({ getRequest: async id => sampleRequest({ id }), getPriceSheet: async () => OPENCOST_DEFAULT_PRICES }));
    // 250m × 0.031611 × 730 h + 0.25 GiB × 0.004237 × 730 h
    expect(await screen.findByText('+ USD 6.54 / month')).toBeInTheDocument();
  });

  it('says the cost is unknown when the costs service does not answer, and still shows the request', async () => {
    render(fakeApprovalsApi({ getRequest: async id => sampleRequest({ id, resourceDelta: { cpuMillicores: -500, memoryBytes: 0, replicas: -1 } }) }));
    expect(await screen.findByText(/^unknown: the costs service did not answer/)).toBeInTheDocument();
    expect(screen.getByText('web → prod')).toBeInTheDocument();
  });

  it('writes a saving with a minus', async () => {
    const getRequest = async (id: string) => sampleRequest({ id, resourceDelta: { cpuMillicores: -1000, memoryBytes: 0, replicas: -1 } });
    render(fakeApprovalsApi({ getRequest, getPriceSheet: async () => ({ ...OPENCOST_DEFAULT_PRICES, currency: 'EUR' }) }));
    expect(await screen.findByText('− EUR 23.08 / month')).toBeInTheDocument();
  });

  it('shows the request, the verdict, the resource delta and the diff with unchanged objects collapsed', async () => {
    render(fakeApprovalsApi({ getRequest: async id => sampleRequest({ id }) }));

    expect(await screen.findByText('web → prod')).toBeInTheDocument();
    expect(screen.getByText('Release 1.4: faster checkout')).toBeInTheDocument();
    expect(screen.getByText(/^in 3 days 1 hour/)).toBeInTheDocument();
    expect(screen.getByText('All guard rails pass.')).toBeInTheDocument();
    expect(screen.getByText('+250m CPU')).toBeInTheDocument();
    expect(screen.getByText('+256Mi')).toBeInTheDocument();
    expect(screen.getByText('+1 replica')).toBeInTheDocument();

    const removed = screen.getByText('-   replicas: 2', { normalizer: text => text });
    const added = screen.getByText('+   replicas: 3', { normalizer: text => text });
    expect(removed).toHaveAttribute('data-op', '-');
    expect(added).toHaveAttribute('data-op', '+');
    expect(getComputedStyle(added).backgroundColor).not.toBe(getComputedStyle(removed).backgroundColor);
    // the unchanged Service is collapsed, its lines not rendered until opened
    expect(screen.queryByText(/port: 80/)).not.toBeInTheDocument();
    fireEvent.click(screen.getByRole('button', { name: 'Service/web unchanged' }));
    expect(await screen.findByText(/port: 80/)).toBeInTheDocument();
    // the manifests are collapsed too
    expect(screen.queryByText(/kind: Deployment/)).not.toBeInTheDocument();
  });

  it('lists the violated guard rails', async () => {
    const guardRails = { passed: false, violations: [{ ruleId: 'no-latest-tag', message: 'Pin the image to a version', field: 'image' }] };
    render(fakeApprovalsApi({ getRequest: async id => sampleRequest({ id, guardRails }) }));
    expect(await screen.findByText(/1 guard rail is violated/)).toBeInTheDocument();
    expect(screen.getByText('no-latest-tag')).toBeInTheDocument();
    expect(screen.getByText(/\(image\): Pin the image to a version/)).toBeInTheDocument();
  });

  it('approves with the comment and shows the request as it is after the decision', async () => {
    const decide = jest.fn(async (id: string) =>
      sampleRequest({
        id,
        status: 'approved',
        approvals: 1,
        decisions: [{ by: 'user:default/bob', decision: 'approve', comment: 'ship it', at: '2025-03-10T12:00:00Z' }],
        youMay: { approve: false, reject: false, reason: 'The request is approved' },
      }),
    );
    render(fakeApprovalsApi({ getRequest: async id => sampleRequest({ id }), decide }));

    await screen.findByText('web → prod');
    fireEvent.change(screen.getByLabelText('Comment'), { target: { value: ' ship it ' } });
    fireEvent.click(button('Approve'));

    expect(await screen.findByText(/bob/)).toBeInTheDocument();
    expect(decide).toHaveBeenCalledWith('req-1', { decision: 'approve', comment: 'ship it' });
    expect(screen.getAllByText('approved').length).toBeGreaterThan(0);
    expect(screen.getByText(/“ship it”/)).toBeInTheDocument();
    expect(screen.getByText('The request is approved')).toBeInTheDocument();
    expect(button('Approve').disabled).toBe(true);
    expect(button('Reject').disabled).toBe(true);
  });

  it('shows why a refused decision was refused', async () => {
    const error = await responseError(409, 'ConflictError', 'The request expired on 17 Mar; request the deploy again');
    render(fakeApprovalsApi({ getRequest: async id => sampleRequest({ id }), decide: async () => Promise.reject(error) }));
    await screen.findByText('web → prod');
    fireEvent.click(button('Reject'));
    expect(await screen.findByRole('alert')).toHaveTextContent('Could not reject: The request expired on 17 Mar; request the deploy again');
  });

  it('disables the buttons on a self-approval and says why', async () => {
    const reason = 'You requested it; another tech lead of team-a approves';
    const decide = jest.fn();
    render(fakeApprovalsApi({ getRequest: async id => sampleRequest({ id, youMay: { approve: false, reject: true, reason } }), decide }));
    expect(await screen.findByText(reason)).toBeInTheDocument();
    expect(button('Approve').disabled).toBe(true);
    expect(button('Reject').disabled).toBe(false);
    fireEvent.click(button('Approve'));
    expect(decide).not.toHaveBeenCalled();
  });

  it('reloads when the backend signals a change, and shows the outcome', async () => {
    const getRequest = jest
      .fn<ReturnType<ApprovalsApi['getRequest']>, [string]>()
      .mockImplementationOnce(async id => sampleRequest({ id, status: 'applying' }))
      .mockImplementation(async id =>
        sampleRequest({
          id,
          status: 'applied',
          youMay: { approve: false, reject: false, reason: 'The request is applied' },
          outcome: { at: '2025-03-10T12:05:00Z', message: 'All 3 replicas are ready', objects: ['Deployment/web', 'Service/web'] },
        }),
      );
    const signals = render(fakeApprovalsApi({ getRequest }));
    expect(await screen.findAllByText('applying')).toHaveLength(2); // the header's chip and the request's

    act(() => signals.send(signalChannelOf('req-1'), { status: 'applied' }));

    expect(await screen.findByText('All 3 replicas are ready')).toBeInTheDocument();
    const outcome = screen.getByText('Applied').closest('.MuiCard-root') as HTMLElement;
    expect(within(outcome).getByText('Deployment/web')).toBeInTheDocument();
    expect(getRequest).toHaveBeenCalledTimes(2);
  });

  it('says there is no such request on a 404', async () => {
    const error = await responseError(404, 'NotFoundError', 'No deploy request req-9');
    render(fakeApprovalsApi({ getRequest: async () => Promise.reject(error) }), 'req-9');
    expect(await screen.findByText('No deploy request req-9')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'All deploy requests' })).toHaveAttribute('href', '/approvals');
  });

  it('rolls back to an applied request: a new request with the reason, whose page opens', async () => {
    const applied = sampleRequest({ status: 'applied', youMay: { approve: false, reject: false, reason: 'The request is applied' }, outcome: { at: '2025-03-10T12:05:00Z', message: 'Applied' } });
    const getRequest = jest.fn(async (id: string) => (id === 'req-2' ? sampleRequest({ id, rollbackOf: 'req-1', reason: '1.5 breaks checkout' }) : { ...applied, id }));
    const rollback = jest.fn(async () => sampleRequest({ id: 'req-2', rollbackOf: 'req-1' }));
    render(fakeApprovalsApi({ getRequest, rollback }));

    expect(await screen.findByText(/^Deploys this revision again as a new request/)).toBeInTheDocument();
    expect(button('Roll back to this revision').disabled).toBe(true);
    fireEvent.change(screen.getByLabelText('Reason'), { target: { value: ' 1.5 breaks checkout ' } });
    fireEvent.click(button('Roll back to this revision'));

    // the new request's page, loaded after the navigation, names the revision it returns to
    const revision = await screen.findByRole('link', { name: 'the revision of request req-1' }, { timeout: 5000 });
    expect(revision).toHaveAttribute('href', '/approvals/requests/req-1');
    expect(screen.getByText('1.5 breaks checkout')).toBeInTheDocument();
    expect(rollback).toHaveBeenCalledWith('req-1', { reason: '1.5 breaks checkout' });
    expect(getRequest).toHaveBeenLastCalledWith('req-2');
    // a pending rollback is not itself a revision to roll back to
    expect(screen.queryByRole('button', { name: 'Roll back to this revision' })).not.toBeInTheDocument();
  });

  it('shows why a rollback was refused', async () => {
    const error = await responseError(403, 'NotAllowedError', 'You may not request production deploys to team-a-prod; ask a member of team-a');
    render(fakeApprovalsApi({ getRequest: async id => sampleRequest({ id, status: 'applied' }), rollback: async () => Promise.reject(error) }));
    fireEvent.change(await screen.findByLabelText('Reason'), { target: { value: 'undo' } });
    fireEvent.click(button('Roll back to this revision'));
    expect(await screen.findByRole('alert')).toHaveTextContent('Could not roll back: You may not request production deploys to team-a-prod; ask a member of team-a');
  });

  it('offers no rollback for a request that was not applied', async () => {
    render(fakeApprovalsApi({ getRequest: async id => sampleRequest({ id, status: 'failed', outcome: { at: '2025-03-10T12:05:00Z', message: 'Rollout timed out' } }) }));
    expect(await screen.findByText('Rollout timed out')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Roll back to this revision' })).not.toBeInTheDocument();
  });
});
