import { useApi } from '@backstage/frontend-plugin-api';
import { AppPreview, AppPreviewRequest } from '@internal/plugin-idp-apps-common';
import { useEffect, useState } from 'react';
import { appsApiRef } from '../api/AppsApi';

export interface AppPreviewState {
  loading: boolean;
  preview?: AppPreview;
  error?: Error;
}

/**
 * The backend's preview of a request, refreshed as the form changes: debounced so typing does
 * not send a request per key, and stale answers are dropped (aborted) when a newer one is asked.
 */
export function useAppPreview(request: AppPreviewRequest | undefined, debounceMs = 400): AppPreviewState {
  const appsApi = useApi(appsApiRef);
  const key = request ? JSON.stringify(request) : '';
  const [state, setState] = useState<AppPreviewState>({ loading: Boolean(key) });

  useEffect(() => {
    if (!key) {
      setState({ loading: false });
      return undefined;
    }
    const controller = new AbortController();
    setState(current => ({ ...current, loading: true }));
    const timer = setTimeout(() => {
      appsApi.preview(JSON.parse(key), { signal: controller.signal }).then(
        preview => setState({ loading: false, preview }),
        error => {
          if (!controller.signal.aborted) setState({ loading: false, error });
        },
      );
    }, debounceMs);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [appsApi, key, debounceMs]);
  return state;
}
