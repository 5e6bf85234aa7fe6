/**
 * The settings every gateway connection to Postgres starts with. JIT compilation is off: the
 * gateway answers short interactive statements, and a plan whose estimate crosses
 * `jit_above_cost` (a search with several trigram or middling-term branches does at a million
 * items) spent 50–400 ms compiling for a statement that runs in a few (`pnpm bench gateway`,
 * docs/search.md).
 */
export const GATEWAY_POSTGRES_SETTINGS: Readonly<Record<string, string>> = Object.freeze({ jit: 'off' });
