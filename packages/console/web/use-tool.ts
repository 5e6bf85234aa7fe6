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
