import { useEffect, useState } from 'preact/hooks';
import type { PipeClient } from './pipe-client.js';

/** A tool call's state: loading, its result, or its error message. */
export type ToolState<T> = { status: 'loading' } | { status: 'done'; data: T } | { status: 'error'; message: string };

/** Calls a gateway tool whenever `key` changes (null: don't call). */
export function useTool<T>(client: PipeClient, name: string, args: Record<string, unknown> | null, key: string): ToolState<T> {
  const [state, setState] = useState<ToolState<T>>({ status: 'loading' });
  useEffect(() => {
    if (args === null) return;
    let live = true;
    setState({ status: 'loading' });
    client.call<T>(name, args).then(
      (data) => live && setState({ status: 'done', data }),
      (error: unknown) => live && setState({ status: 'error', message: error instanceof Error ? error.message : String(error) }),
    );
    return () => {
      live = false;
    };
    // `key` stands for the arguments: the objects are new each render, so they are not dependencies.
  }, [client, name, key]);
  return state;
}

/** A polled tool call: its latest result (kept while the next call runs, with the last error if a later call failed). */
export type PolledState<T> =
  | { status: 'loading' }
  | { status: 'error'; message: string }
  | { status: 'done'; data: T; error: string | null };

/**
 * Calls an argument-less gateway tool again and again: `every(data)` says how long to wait after
 * each answer (a page with a running sync job asks often, an idle one seldom). The last answer
 * stays on screen while the next is fetched, and a failed call keeps it, with the error beside it.
 */
export function usePolledTool<T>(client: PipeClient, name: string, every: (data: T | null) => number): PolledState<T> {
  const [state, setState] = useState<PolledState<T>>({ status: 'loading' });
  useEffect(() => {
    let live = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let last: T | null = null;
    const poll = async () => {
      try {
        const data = await client.call<T>(name, {});
        last = data;
        if (live) setState({ status: 'done', data, error: null });
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        if (live) setState((previous) => (previous.status === 'done' ? { ...previous, error: message } : { status: 'error', message }));
      }
      if (live) timer = setTimeout(poll, every(last));
    };
    void poll();
    return () => {
      live = false;
      clearTimeout(timer);
    };
    // `every` is a policy, not data: a new function each render must not restart the polling.
  }, [client, name]);
  return state;
}
