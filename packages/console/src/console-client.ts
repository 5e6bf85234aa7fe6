/**
 * The console's OAuth client id. The client is built into the gateway's authorization server (not
 * registered dynamically): its one redirect is the console's own URL, `<PIPE_PUBLIC_URL>/`.
 * Kept free of Node imports: the browser code reads it too.
 */
export const CONSOLE_CLIENT_ID = 'pipe-console';
