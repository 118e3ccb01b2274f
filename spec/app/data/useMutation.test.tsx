/** @jest-environment jsdom */
import '../support/dom';
import { act, renderHook } from '@testing-library/react';
import type { ApiError } from '../../../src/shared/api-types.js';
import { useMutation } from '../../../src/app/data/useMutation.js';

/** A promise the test settles by hand. */
function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('useMutation', () => {
  it('is pending while the write runs, then holds its result and runs its refetch', async () => {
    const write = deferred<string>();
    const run = jest.fn((_name: string) => write.promise);
    const onSuccess = jest.fn();
    const { result } = renderHook(() => useMutation(run, { onSuccess }));
    expect(result.current.status).toBe('idle');

    let done!: Promise<string | undefined>;
    act(() => {
      done = result.current.mutate('acme');
    });
    expect(result.current.status).toBe('pending');
    expect(onSuccess).not.toHaveBeenCalled();
    await act(async () => write.resolve('saved'));

    await expect(done).resolves.toBe('saved');
    expect(result.current).toMatchObject({ status: 'success', data: 'saved', error: undefined });
    expect(run).toHaveBeenCalledWith('acme');
    expect(onSuccess).toHaveBeenCalledWith('saved', 'acme');
  });

  it("reports the service's ApiError code and message, and no refetch", async () => {
    const body: ApiError = { error: 'unknown_user', message: 'Zendesk does not know user 7' };
    const onSuccess = jest.fn();
    // What the ZAF client rejects with when the service answers 400.
    const { result } = renderHook(() =>
      useMutation(() => Promise.reject({ status: 400, responseJSON: body }), { onSuccess }),
    );
    let outcome: unknown = 'unset';
    await act(async () => {
      outcome = await result.current.mutate(undefined);
    });
    expect(outcome).toBeUndefined();
    expect(result.current.status).toBe('error');
    expect(result.current.error).toMatchObject({
      target: 'ces',
      status: 400,
      code: 'unknown_user',
      message: 'Zendesk does not know user 7',
    });
    expect(onSuccess).not.toHaveBeenCalled();
  });

  it('sends once when submitted twice before the first answer', async () => {
    const write = deferred<number>();
    const run = jest.fn(() => write.promise);
    const { result } = renderHook(() => useMutation(run));
    let first!: Promise<number | undefined>;
    let second!: Promise<number | undefined>;
    act(() => {
      first = result.current.mutate(undefined);
      second = result.current.mutate(undefined);
    });
    await expect(second).resolves.toBeUndefined();
    await act(async () => write.resolve(1));
    await expect(first).resolves.toBe(1);
    expect(run).toHaveBeenCalledTimes(1);

    // Once it has settled, the next submit runs again.
    await act(async () => {
      await result.current.mutate(undefined);
    });
    expect(run).toHaveBeenCalledTimes(2);
  });

  it('keeps the last stored result through a later failure, and forgets both on reset', async () => {
    let n = 0;
    const { result } = renderHook(() =>
      useMutation((on: boolean) =>
        ++n === 2 ? Promise.reject(new Error('down')) : Promise.resolve({ on }),
      ),
    );
    await act(async () => {
      await result.current.mutate(true);
    });
    await act(async () => {
      await result.current.mutate(false);
    });
    expect(result.current).toMatchObject({ status: 'error', data: { on: true } });
    expect(result.current.error).toMatchObject({ status: 0, message: 'down' });

    act(() => result.current.reset());
    expect(result.current).toMatchObject({ status: 'idle', data: undefined, error: undefined });
  });
});
