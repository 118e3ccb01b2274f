import { useCallback, useEffect, useRef, useState } from 'react';
import { toRequestError, type RequestError } from '../api/request-error.js';

export type QueryStatus = 'loading' | 'success' | 'error';

export interface Query<T> {
  data: T | undefined;
  error: RequestError | undefined;
  status: QueryStatus;
  refetch: () => void;
}

/**
 * Runs `load` when `key` changes (and on refetch) and tracks its state. A result that arrives
 * after a newer request started is dropped, so a slow answer never overwrites a fresh one.
 */
export function useQuery<T>(load: () => Promise<T>, key: string): Query<T> {
  const [state, setState] = useState<Omit<Query<T>, 'refetch'>>({
    data: undefined,
    error: undefined,
    status: 'loading',
  });
  const [run, setRun] = useState(0);
  const latest = useRef(0);
  const loadRef = useRef(load);
  loadRef.current = load;

  useEffect(() => {
    const id = ++latest.current;
    setState((s) => ({ data: s.data, error: undefined, status: 'loading' }));
    loadRef.current().then(
      (data) => {
        if (id === latest.current) setState({ data, error: undefined, status: 'success' });
      },
      (failure: unknown) => {
        if (id === latest.current)
          setState({ data: undefined, error: toRequestError('app', failure), status: 'error' });
      },
    );
  }, [key, run]);

  const refetch = useCallback(() => setRun((n) => n + 1), []);
  return { ...state, refetch };
}
