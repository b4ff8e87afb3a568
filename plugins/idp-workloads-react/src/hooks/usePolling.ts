import { DependencyList, useCallback, useEffect, useRef, useState } from 'react';

export interface Polled<T> {
  value?: T;
  /** The last load's failure; `value` keeps the last good answer meanwhile. */
  error?: Error;
  loading: boolean;
  refresh: () => void;
}

/** Status refreshes this often while the page is visible. */
export const DEFAULT_POLL_INTERVAL_MS = 10_000;

/**
 * Loads now and again every `intervalMs` while the browser tab is visible (and at once when it
 * becomes visible again). A newer load wins over a slower older one; `deps` start over.
 */
export function usePolling<T>(load: () => Promise<T>, deps: DependencyList, intervalMs: number = DEFAULT_POLL_INTERVAL_MS): Polled<T> {
  const [state, setState] = useState<{ value?: T; error?: Error; loading: boolean }>({ loading: true });
  const loadRef = useRef(load);
  loadRef.current = load;
  const generation = useRef(0);

  const run = useCallback(() => {
    const id = ++generation.current;
    setState(s => ({ ...s, loading: true }));
    loadRef.current().then(
      value => {
        if (id === generation.current) setState({ value, loading: false });
      },
      error => {
        if (id === generation.current) setState(s => ({ value: s.value, error: error as Error, loading: false }));
      },
    );
  }, []);

  useEffect(() => {
    setState({ loading: true });
    run();
    const visible = () => typeof document === 'undefined' || document.visibilityState !== 'hidden';
    const timer = setInterval(() => {
      if (visible()) run();
    }, intervalMs);
    const onVisibilityChange = () => {
      if (visible()) run();
    };
    document.addEventListener('visibilitychange', onVisibilityChange);
    return () => {
      generation.current += 1;
      clearInterval(timer);
      document.removeEventListener('visibilitychange', onVisibilityChange);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, intervalMs, run]);

  return { ...state, refresh: run };
}
