/**
 * A dependency imported the first time it is needed, once. The platforms' API clients
 * (`@linear/sdk`, `@discordjs/rest` and `@discordjs/ws` with their own undici, `@slack/web-api`
 * with axios) are tens of megabytes of code and heap; every Pipe process imports the platform
 * modules, and only the sync service, running a job of that platform, calls them.
 */
export interface LoadedOnFirstUse<T> {
  /** The module, imported on the first call. */
  (): Promise<T>;
  /** The module if it was imported already: an error only it throws cannot exist before that. */
  loaded(): T | undefined;
}

export function loadOnFirstUse<T>(load: () => Promise<T>): LoadedOnFirstUse<T> {
  let module: T | undefined;
  let loading: Promise<T> | undefined;
  const get = (): Promise<T> => {
    loading ??= load().then(
      (loadedModule) => {
        module = loadedModule;
        return loadedModule;
      },
      (error: unknown) => {
        // A failed import (a missing optional install) is tried again on the next use rather than remembered.
        loading = undefined;
        throw error;
      },
    );
    return loading;
  };
  return Object.assign(get, { loaded: () => module });
}
