import { render } from 'preact';
import { useState } from 'preact/hooks';
import { PipeClient } from './pipe-client.js';
import { href, useRoute } from './route.js';
import { Feed } from './views/feed.js';
import { Item } from './views/item.js';
import { Search } from './views/search.js';
import { Sessions } from './views/sessions.js';
import { SignIn } from './views/sign-in.js';
import { Sources } from './views/sources.js';

/** The key is kept for this tab only: closing it signs out. */
const KEY_STORAGE = 'pipe.apiKey';

function App() {
  const [client, setClient] = useState<PipeClient | null>(() => {
    const saved = sessionStorage.getItem(KEY_STORAGE);
    return saved ? new PipeClient(saved) : null;
  });
  const route = useRoute();
  if (client === null)
    return (
      <SignIn
        onSignedIn={(signedIn) => {
          sessionStorage.setItem(KEY_STORAGE, signedIn.apiKey);
          setClient(signedIn);
        }}
      />
    );
  const signOut = () => {
    sessionStorage.removeItem(KEY_STORAGE);
    void client.close();
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
        {route.page === 'feed' && <Feed apiKey={client.apiKey} />}
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
