import { useCallback, useEffect, useRef, useState } from 'react';
import { toRequestError, type RequestError } from '../api/request-error.js';

export type MutationStatus = 'idle' | 'pending' | 'success' | 'error';

export interface Mutation<V, T> {
  /** The last successful result; a later failure keeps it, so the screen still shows what is stored. */
  data: T | undefined;
  /** The failure of the last run: status, and the service's ApiError `error` code and message. */
  error: RequestError | undefined;
  status: MutationStatus;
  /** Runs the write; resolves to its result, or undefined when it failed or one was already running. */
  mutate: (variables: V) => Promise<T | undefined>;
  /** Back to idle (a new confirm step, a fresh check): forgets the result and the failure. */
  reset: () => void;
}

export interface MutationOptions<V, T> {
  /** What a success changes elsewhere: the refetch or invalidation the write needs. */
  onSuccess?: (data: T, variables: V) => void;
}

const IDLE = { data: undefined, error: undefined, status: 'idle' } as const;

/**
 * One write to the service, beside `useQuery` for reads: tracks pending, success and failure,
 * and ignores a second run while one is under way, so a double click never sends twice.
 */
export function useMutation<V = void, T = unknown>(
  run: (variables: V) => Promise<T>,
  options: MutationOptions<V, T> = {},
): Mutation<V, T> {
  const [state, setState] = useState<Omit<Mutation<V, T>, 'mutate' | 'reset'>>(IDLE);
  const runRef = useRef(run);
  runRef.current = run;
  const optionsRef = useRef(options);
  optionsRef.current = options;
  // A ref, not state: two clicks in one frame both see the first one's claim.
  const inFlight = useRef(false);
  const mounted = useRef(true);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);

  const mutate = useCallback(async (variables: V): Promise<T | undefined> => {
    if (inFlight.current) return undefined;
    inFlight.current = true;
    setState((s) => ({ data: s.data, error: undefined, status: 'pending' }));
    let data: T;
    try {
      data = await runRef.current(variables);
    } catch (failure) {
      // Every write goes to the CES service: its error body (ApiError) gives code and message.
      const error = toRequestError('ces', failure);
      if (mounted.current) setState((s) => ({ data: s.data, error, status: 'error' }));
      return undefined;
    } finally {
      inFlight.current = false;
    }
    if (mounted.current) setState({ data, error: undefined, status: 'success' });
    // Outside the try: a failing refetch is not a failed write.
    optionsRef.current.onSuccess?.(data, variables);
    return data;
  }, []);

  const reset = useCallback(() => {
    if (!inFlight.current) setState(IDLE);
  }, []);

  return { ...state, mutate, reset };
}
