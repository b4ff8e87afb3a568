import { WarningPanel } from '@backstage/core-components';
import { describeClusterProgress } from '@internal/plugin-idp-environments-common';
import { useClusterProgress } from '../../hooks/useClusterProgress';

/**
 * The local cluster's progress while scripts/dev.sh builds and starts it ("The local cluster is being
 * built: kube-apiserver (2 of 8), about 9 min left"), or why it is not coming. Nothing once it is ready.
 */
export function ClusterProgressBanner(props: { pollMs?: number }) {
  const progress = useClusterProgress(props.pollMs);
  const sentence = progress && describeClusterProgress(progress);
  if (!sentence) return null;
  const failed = progress.state === 'failed' || progress.state === 'stopped';
  return (
    <div role="status" style={{ position: 'fixed', bottom: 16, right: 16, maxWidth: 560, zIndex: 1300 }}>
      <WarningPanel severity={failed ? 'error' : 'info'} title={sentence}>
        {failed ? undefined : 'Sign-in, the catalog and templates work now; environments and deploys once the cluster is up.'}
      </WarningPanel>
    </div>
  );
}

/**
 * In place of a page's error while the local cluster is not up yet: says so, instead of the raw
 * connection error. Shows `children` (the page's own error) otherwise.
 */
export function ClusterNotReady(props: { children: JSX.Element }) {
  const progress = useClusterProgress();
  const sentence = progress && describeClusterProgress(progress);
  if (!sentence) return props.children;
  const failed = progress.state === 'failed' || progress.state === 'stopped';
  return (
    <WarningPanel severity={failed ? 'error' : 'info'} title="The cluster is not ready yet">
      {sentence}
      {failed ? '' : '. This page works once it is up; it needs no reload of the portal.'}
    </WarningPanel>
  );
}
