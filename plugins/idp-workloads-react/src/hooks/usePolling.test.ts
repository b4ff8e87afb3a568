import { act, renderHook, waitFor } from '@testing-library/react';
import { usePolling } from './usePolling';

describe('usePolling', () => {
  afterEach(() => jest.useRealTimers());

  it('does not send a timed load while the previous one is still out, and goes on once it answers', async () => {
    jest.useFakeTimers();
    let answerFirst: (value: string) => void = () => {};
    const load = jest
      .fn<Promise<string>, []>()
      .mockReturnValueOnce(new Promise(resolve => (answerFirst = resolve)))
      .mockResolvedValue('second');
    const { result } = renderHook(() => usePolling(load, [], 100));
    expect(result.current.loading).toBe(true);

    act(() => jest.advanceTimersByTime(350));
    expect(load).toHaveBeenCalledTimes(1);

    await act(async () => answerFirst('first'));
    expect(result.current.value).toBe('first');
    await act(async () => jest.advanceTimersByTime(100));
    expect(load).toHaveBeenCalledTimes(2);
    expect(result.current.value).toBe('second');
  });

  it('keeps the last value when a load fails, and an explicit refresh wins over a slower older load', async () => {
    let answerSlow: (value: string) => void = () => {};
    const load = jest
      .fn<Promise<string>, []>()
      .mockResolvedValueOnce('first')
      .mockRejectedValueOnce(new Error('The cluster is not reachable'))
      .mockReturnValueOnce(new Promise(resolve => (answerSlow = resolve)))
      .mockResolvedValueOnce('fresh');
    const { result } = renderHook(() => usePolling(load, [], 60_000));
    await waitFor(() => expect(result.current.value).toBe('first'));

    act(() => result.current.refresh());
    await waitFor(() => expect(result.current.error?.message).toBe('The cluster is not reachable'));
    expect(result.current.value).toBe('first');

    act(() => result.current.refresh());
    act(() => result.current.refresh());
    await waitFor(() => expect(result.current.value).toBe('fresh'));
    await act(async () => answerSlow('stale'));
    expect(result.current.value).toBe('fresh');
    expect(result.current.error).toBeUndefined();
  });
});
