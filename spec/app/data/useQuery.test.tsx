/** @jest-environment jsdom */
import '../support/dom';
import { act, renderHook, waitFor } from '@testing-library/react';
import { useQuery } from '../../../src/app/data/useQuery.js';

/** A promise the test settles by hand. */
function deferred<T>() {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

describe('useQuery', () => {
  it('drops an answer that arrives after a newer request started', async () => {
    const slow = deferred<string>();
    const fast = deferred<string>();
    const loads = { a: () => slow.promise, b: () => fast.promise };
    const { result, rerender } = renderHook(({ k }: { k: 'a' | 'b' }) => useQuery(loads[k], k), {
      initialProps: { k: 'a' as 'a' | 'b' },
    });
    expect(result.current.status).toBe('loading');
    rerender({ k: 'b' });
    await act(async () => fast.resolve('fresh'));
    await act(async () => slow.resolve('stale'));
    expect(result.current).toMatchObject({ status: 'success', data: 'fresh' });
  });

  it('keeps the last data while refetching, and reports failures', async () => {
    let n = 0;
    const { result } = renderHook(() =>
      useQuery(() => (++n === 2 ? Promise.reject(new Error('down')) : Promise.resolve(n)), 'k'),
    );
    await waitFor(() => expect(result.current.data).toBe(1));
    act(() => result.current.refetch());
    expect(result.current).toMatchObject({ status: 'loading', data: 1 });
    await waitFor(() => expect(result.current.status).toBe('error'));
    expect(result.current.error).toMatchObject({ target: 'app', message: 'down' });
  });
});
