import { useState } from 'preact/hooks';
import { PipeClient, SignInError } from '../pipe-client.js';

/** The sign-in form: an API key (the one `pipe up` prints, or `pipe keys create`), checked by opening an MCP session. */
export function SignIn({ onSignedIn }: { onSignedIn: (client: PipeClient) => void }) {
  const [key, setKey] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    const client = new PipeClient(key.trim());
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
  return (
    <main class="sign-in">
      <h1>Pipe</h1>
      <p>Sign in with your team's API key.</p>
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
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
    </main>
  );
}
