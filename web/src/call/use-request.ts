import { useEffect, useState } from 'react';

export type RequestState<T> =
  | { readonly status: 'loading' }
  | { readonly status: 'error'; readonly error: string }
  | { readonly status: 'done'; readonly data: T };

/** Runs `load` when `key` changes; the state says loading, the failure's message, or the data. */
export function useRequest<T>(load: () => Promise<T>, key: unknown): RequestState<T> {
  const [state, setState] = useState<RequestState<T>>({ status: 'loading' });
  useEffect(() => {
    let live = true;
    setState({ status: 'loading' });
    load().then(
      (data) => live && setState({ status: 'done', data }),
      (e: unknown) =>
        live && setState({ status: 'error', error: e instanceof Error ? e.message : String(e) }),
    );
    return () => {
      live = false;
    };
    // `load` is a new closure each render; the request is keyed on `key` alone.
  }, [key]);
  return state;
}
