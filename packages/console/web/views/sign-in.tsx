import { useEffect, useState } from 'preact/hooks';
import { type ConsoleOAuth, oauthAvailability } from '../oauth.js';
import { PipeClient, SignInError } from '../pipe-client.js';

/**
 * The sign-in page: with a sign-in link through Pipe's own OAuth page (when the gateway runs its
 * authorization server at this address), or with an API key (the one `pipe up` prints, or
 * `pipe keys create`), checked by opening an MCP session.
 */
export function SignIn({
  oauth,
  oauthError,
  onSignedIn,
}: {
  oauth: ConsoleOAuth;
  oauthError: string | null;
  onSignedIn: (client: PipeClient) => void;
}) {
  const [key, setKey] = useState('');
  const [error, setError] = useState<string | null>(oauthError);
  const [busy, setBusy] = useState(false);
  const [availability, setAvailability] = useState<{ available: boolean; issuer: string | null } | null>(null);
  useEffect(() => {
    void oauthAvailability().then(setAvailability);
  }, []);

  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    const client = new PipeClient({ kind: 'key', apiKey: key.trim() });
    try {
      await client.connect();
      onSignedIn(client);
    } catch (failure) {
      setError(
        failure instanceof SignInError
          ? 'This API key is unknown or was revoked. Use the demo key `pipe up` printed (`pipe info` shows it again) or make one with `pipe keys create`.'
          : `Could not reach the gateway: ${failure instanceof Error ? failure.message : String(failure)}`,
      );
    } finally {
      setBusy(false);
    }
  };
  const startOAuth = async () => {
    setBusy(true);
    setError(null);
    try {
      await oauth.start();
    } catch (failure) {
      setError(`Could not start signing in: ${failure instanceof Error ? failure.message : String(failure)}`);
      setBusy(false);
    }
  };

  return (
    <main class="sign-in">
      <h1>Pipe</h1>
      {availability?.available && (
        <section>
          <h2>With a sign-in link</h2>
          <p>
            Pipe's sign-in page opens; paste the link a team admin made with <code>pipe login-link</code>, then approve.
          </p>
          <button type="button" onClick={() => void startOAuth()} disabled={busy}>
            Sign in with a sign-in link
          </button>
        </section>
      )}
      {availability && !availability.available && availability.issuer && (
        <p class="muted">
          To sign in with a sign-in link, open the console at <a href={`${availability.issuer}/`}>{availability.issuer}/</a>.
        </p>
      )}
      <section>
        <h2>With an API key</h2>
        <form onSubmit={submit}>
          <label for="api-key">API key</label>
          <input
            id="api-key"
            name="api-key"
            type="password"
            autocomplete="current-password"
            placeholder="pipe_…"
            value={key}
            onInput={(e) => setKey((e.target as HTMLInputElement).value)}
            required
          />
          <button type="submit" disabled={busy || key.trim() === ''}>
            {busy ? 'Signing in…' : 'Sign in'}
          </button>
        </form>
      </section>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
    </main>
  );
}
