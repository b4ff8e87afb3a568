import { useApiHolder } from '@backstage/frontend-plugin-api';
import { ClusterProgress } from '@internal/plugin-idp-environments-common';
import { useEffect, useState } from 'react';
import { clusterProgressApiRef } from '../api/ClusterProgressApi';

/** How often the progress is asked again while the cluster is being prepared. */
export const CLUSTER_PROGRESS_POLL_MS = 10_000;

/**
 * The local cluster's progress, asked again every 10 s until it is ready (or there is none to follow).
 * Undefined until the first answer, when the API is not installed, or when the backend does not answer
 * (then the page's own error speaks).
 */
export function useClusterProgress(pollMs = CLUSTER_PROGRESS_POLL_MS): ClusterProgress | undefined {
  const api = useApiHolder().get(clusterProgressApiRef);
  const [progress, setProgress] = useState<ClusterProgress | undefined>(undefined);
  useEffect(() => {
    if (!api) return undefined;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const ask = async () => {
      let next: ClusterProgress | undefined;
      try {
        next = await api.getClusterProgress();
      } catch {
        next = undefined;
      }
      if (stopped) return;
      setProgress(next);
      // Keep asking while it is being prepared; a finished, failed or unknown state does not change by itself.
      if (next?.state === 'preparing') timer = setTimeout(ask, pollMs);
    };
    ask();
    return () => {
      stopped = true;
      if (timer) clearTimeout(timer);
    };
  }, [api, pollMs]);
  return progress;
}
