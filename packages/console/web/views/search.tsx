import { useState } from 'preact/hooks';
import { matchedWords, snippetHtml } from '../format.js';
import type { PipeClient } from '../pipe-client.js';
import { href } from '../route.js';
import type { SearchResult } from '../types.js';
import { useTool } from '../use-tool.js';

/** Search through the gateway's `search` tool; each hit says why it matched. */
export function Search({ client, query }: { client: PipeClient; query: string }) {
  const [text, setText] = useState(query);
  const result = useTool<SearchResult>(client, 'search', query ? { query, limit: 20 } : null, query);
  const words = query
    .toLowerCase()
    .split(/\s+/)
    .filter((w) => w.length > 1 && !w.startsWith('-'));
  return (
    <section aria-labelledby="search-title">
      <h2 id="search-title">Search</h2>
      <form
        class="search-form"
        onSubmit={(event) => {
          event.preventDefault();
          window.location.hash = href({ page: 'search', query: text.trim() });
        }}
      >
        <label for="search-query" class="visually-hidden">
          Search words
        </label>
        <input
          id="search-query"
          type="search"
          placeholder='words, "a phrase", -excluded'
          value={text}
          onInput={(e) => setText((e.target as HTMLInputElement).value)}
        />
        <button type="submit">Search</button>
      </form>
      {query === '' ? null : result.status === 'loading' ? (
        <p class="muted">Searching…</p>
      ) : result.status === 'error' ? (
        <p class="error" role="alert">
          {result.message}
        </p>
      ) : result.data.items.length === 0 ? (
        <p class="muted">No items match “{query}”.</p>
      ) : (
        <ol class="list results">
          {result.data.items.map((item) => {
            const inBody = matchedWords(item.snippet);
            const inTitle = words.filter((w) => item.title.toLowerCase().includes(w.replace(/"/g, '')));
            return (
              <li key={item.id} class="result">
                <a href={href({ page: 'item', id: item.id })} class="title">
                  {item.title}
                </a>
                <div class="meta">
                  <span class={`platform ${item.platform}`}>{item.platform}</span> {item.kind}
                  {item.state ? ` · ${item.state}` : ''}
                  {item.container ? ` · ${item.container}` : ''} · score {item.score.toFixed(2)}
                </div>
                <p class="why">
                  Matched {inTitle.length > 0 ? <>the title ({inTitle.join(', ')})</> : null}
                  {inTitle.length > 0 && inBody.length > 0 ? ' and ' : null}
                  {inBody.length > 0 ? <>the text ({inBody.join(', ')})</> : null}
                  {inTitle.length === 0 && inBody.length === 0 ? 'its indexed fields (id, container, people)' : null}
                </p>
                {item.snippet ? (
                  // snippetHtml escapes everything and only restores the gateway's match marks.
                  <p class="snippet" dangerouslySetInnerHTML={{ __html: snippetHtml(item.snippet) }} />
                ) : null}
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}
