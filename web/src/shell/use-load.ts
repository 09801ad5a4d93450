import { useCallback, useEffect, useState, type DependencyList } from 'react';

export interface Loaded<T> {
  readonly data?: T;
  readonly error?: string;
  readonly loading: boolean;
  /** Runs the request again (after a write), keeping the old data on screen until it answers. */
  readonly reload: () => void;
}

/**
 * Runs `load` when `deps` change and tracks its loading and error state; a reply that arrives after
 * the deps changed again is dropped, so a slow old request never overwrites a newer one.
 */
export function useLoad<T>(load: () => Promise<T>, deps: DependencyList): Loaded<T> {
  const [state, setState] = useState<{ data?: T; error?: string; loading: boolean }>({ loading: true });
  const [generation, setGeneration] = useState(0);
  // `load` is a fresh closure each render; `deps` say when it really changed.
  const run = useCallback(load, deps);
  useEffect(() => {
    let current = true;
    setState((s) => ({ ...s, loading: true }));
    run().then(
      (data) => current && setState({ data, loading: false }),
      (err: Error) => current && setState((s) => ({ ...s, error: err.message, loading: false })),
    );
    return () => {
      current = false;
    };
  }, [run, generation]);
  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  return { ...state, reload };
}
