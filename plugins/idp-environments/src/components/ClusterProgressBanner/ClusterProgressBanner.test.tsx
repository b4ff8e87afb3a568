import { renderInTestApp } from '@backstage/frontend-test-utils';
import { ClusterProgress } from '@internal/plugin-idp-environments-common';
import { screen, waitFor } from '@testing-library/react';
import { ClusterProgressApi, clusterProgressApiRef } from '../../api/ClusterProgressApi';
import { ClusterNotReady, ClusterProgressBanner } from './ClusterProgressBanner';

/**
 * Answers the given progress states in turn (the last one again once they run out). Every answer
 * after the first waits for `next()`, so a test sees each state before the banner asks again.
 */
function progressApi(...answers: ClusterProgress[]): ClusterProgressApi & { calls: number; next: () => void } {
  let release: () => void = () => {};
  const api = {
    calls: 0,
    next: () => release(),
    async getClusterProgress() {
      const answer = answers[Math.min(api.calls, answers.length - 1)];
      api.calls += 1;
      if (api.calls > 1) await new Promise<void>(resolve => (release = resolve));
      return answer;
    },
  };
  return api;
}

const building: ClusterProgress = { state: 'preparing', step: 2, steps: 6, activity: 'kube-apiserver', elapsedSeconds: 120, remainingSeconds: 540 };

jest.setTimeout(30_000);

describe('ClusterProgressBanner', () => {
  it('shows the step and the time left, and goes away once the cluster is ready', async () => {
    const api = progressApi(building, { state: 'ready' });
    await renderInTestApp(<ClusterProgressBanner pollMs={50} />, { apis: [[clusterProgressApiRef, api]] });
    expect(await screen.findByText(/The local cluster is being built: kube-apiserver \(2 of 6\), about 9 min left/)).toBeInTheDocument();
    await waitFor(() => expect(api.calls).toBe(2));
    api.next();
    await waitFor(() => expect(screen.queryByText(/being built/)).not.toBeInTheDocument());
    expect(api.calls).toBe(2);
  });

  it('says why the cluster is not coming', async () => {
    await renderInTestApp(<ClusterProgressBanner />, { apis: [[clusterProgressApiRef, progressApi({ state: 'failed', message: 'Go is not installed' })]] });
    expect(await screen.findByText(/could not be prepared: Go is not installed/)).toBeInTheDocument();
  });

  it('shows nothing without a local cluster to follow', async () => {
    const api = progressApi({ state: 'unknown' });
    await renderInTestApp(<ClusterProgressBanner pollMs={50} />, { apis: [[clusterProgressApiRef, api]] });
    await waitFor(() => expect(api.calls).toBe(1));
    expect(screen.queryByRole('status')).not.toBeInTheDocument();
  });
});

describe('ClusterNotReady', () => {
  it("says the cluster is not ready instead of the page's connection error", async () => {
    await renderInTestApp(
      <ClusterNotReady>
        <span>connect ECONNREFUSED 127.0.0.1:16443</span>
      </ClusterNotReady>,
      { apis: [[clusterProgressApiRef, progressApi(building)]] },
    );
    expect(await screen.findByText(/The cluster is not ready yet/)).toBeInTheDocument();
    expect(screen.getByText(/kube-apiserver \(2 of 6\), about 9 min left/)).toBeInTheDocument();
    expect(screen.queryByText(/ECONNREFUSED/)).not.toBeInTheDocument();
  });

  it("shows the page's own error once the cluster is up", async () => {
    await renderInTestApp(
      <ClusterNotReady>
        <span>forbidden</span>
      </ClusterNotReady>,
      { apis: [[clusterProgressApiRef, progressApi({ state: 'ready' })]] },
    );
    expect(await screen.findByText('forbidden')).toBeInTheDocument();
  });
});
