import { render } from 'preact';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { ConsoleOAuth } from './oauth.js';
import { PipeClient } from './pipe-client.js';
import { href, useRoute } from './route.js';
import { Feed } from './views/feed.js';
import { Item } from './views/item.js';
import { Search } from './views/search.js';
import { Sessions } from './views/sessions.js';
import { SignIn } from './views/sign-in.js';
import { Sources } from './views/sources.js';

/** The key is kept for this tab only: closing it signs out (OAuth tokens likewise, see oauth.ts). */
const KEY_STORAGE = 'pipe.apiKey';

const oauth = new ConsoleOAuth();

/** The client this tab signed in with before a reload: its key, or its OAuth tokens. */
function savedClient(): PipeClient | null {
  const key = sessionStorage.getItem(KEY_STORAGE);
  if (key) return new PipeClient({ kind: 'key', apiKey: key });
  return oauth.signedIn() ? new PipeClient({ kind: 'oauth', oauth }) : null;
}

function App() {
  // First, so its hashchange listener is in place before the sign-in return below restores the page.
  const route = useRoute();
  const [client, setClient] = useState<PipeClient | null>(savedClient);
  // Back from Pipe's sign-in page with a code: exchange it, then show the page asked for.
  const [returning, setReturning] = useState(() => ['code', 'error'].some((name) => new URLSearchParams(window.location.search).has(name)));
  const [oauthError, setOauthError] = useState<string | null>(null);
  useEffect(() => {
    if (!returning) return;
    oauth.finish().then(
      (finished) => {
        if (finished) setClient(new PipeClient({ kind: 'oauth', oauth }));
        setReturning(false);
      },
      (error: unknown) => {
        setOauthError(error instanceof Error ? error.message : String(error));
        setReturning(false);
      },
    );
  }, [returning]);
  const feedToken = useMemo(() => (client ? () => client.feedToken() : null), [client]);
  if (returning) return <p class="muted">Signing in…</p>;
  if (client === null || feedToken === null)
    return (
      <SignIn
        oauth={oauth}
        oauthError={oauthError}
        onSignedIn={(signedIn) => {
          if (signedIn.credential.kind === 'key') sessionStorage.setItem(KEY_STORAGE, signedIn.credential.apiKey);
          setClient(signedIn);
        }}
      />
    );
  const signOut = () => {
    sessionStorage.removeItem(KEY_STORAGE);
    void client.signOut();
    setClient(null);
  };
  const nav = [
    { label: 'Live', to: href({ page: 'feed' }), active: route.page === 'feed' },
    { label: 'Search', to: href({ page: 'search', query: '' }), active: route.page === 'search' },
    { label: 'Sources', to: href({ page: 'sources' }), active: route.page === 'sources' },
    { label: 'Sessions', to: href({ page: 'sessions' }), active: route.page === 'sessions' },
  ];
  return (
    <>
      <header class="top">
        <a class="brand" href={href({ page: 'feed' })}>
          Pipe
        </a>
        <nav aria-label="Pages">
          {nav.map((n) => (
            <a key={n.label} href={n.to} aria-current={n.active ? 'page' : undefined}>
              {n.label}
            </a>
          ))}
        </nav>
        <button type="button" class="link" onClick={signOut}>
          Sign out
        </button>
      </header>
      <main>
        {route.page === 'feed' && <Feed token={feedToken} />}
        {route.page === 'search' && <Search client={client} query={route.query} />}
        {route.page === 'item' && <Item client={client} id={route.id} />}
        {route.page === 'sources' && <Sources client={client} />}
        {route.page === 'sessions' && <Sessions client={client} />}
      </main>
    </>
  );
}

const root = document.getElementById('app');
if (root) render(<App />, root);
