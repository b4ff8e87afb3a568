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
 * becomes visible again). A timed load is skipped while the previous one is still out, so a slow
 * backend is not sent a pile of requests; an explicit refresh starts at once and wins over an older
 * load still out. `deps` start over.
 */
export function usePolling<T>(load: () => Promise<T>, deps: DependencyList, intervalMs: number = DEFAULT_POLL_INTERVAL_MS): Polled<T> {
  const [state, setState] = useState<{ value?: T; error?: Error; loading: boolean }>({ loading: true });
  const loadRef = useRef(load);
  loadRef.current = load;
  const generation = useRef(0);
  const outstanding = useRef(false);

  const run = useCallback(() => {
    const id = ++generation.current;
    outstanding.current = true;
    setState(s => ({ ...s, loading: true }));
    const settle = (next: (s: { value?: T; error?: Error; loading: boolean }) => { value?: T; error?: Error; loading: boolean }) => {
      if (id !== generation.current) return;
      outstanding.current = false;
      setState(next);
    };
    loadRef.current().then(
      value => settle(() => ({ value, loading: false })),
      error => settle(s => ({ value: s.value, error: error as Error, loading: false })),
    );
  }, []);

  useEffect(() => {
    setState({ loading: true });
    run();
    const visible = () => typeof document === 'undefined' || document.visibilityState !== 'hidden';
    const timer = setInterval(() => {
      if (visible() && !outstanding.current) run();
    }, intervalMs);
    const onVisibilityChange = () => {
      if (visible()) run();
    };
    document.addEventListener('visibilitychange', onVisibilityChange);
    return () => {
      generation.current += 1;
      outstanding.current = false;
      clearInterval(timer);
      document.removeEventListener('visibilitychange', onVisibilityChange);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, intervalMs, run]);

  return { ...state, refresh: run };
}
