import { ago } from '../format.js';
import type { PipeClient } from '../pipe-client.js';
import { href } from '../route.js';
import type { Edge, ItemResult } from '../types.js';
import { useTool } from '../use-tool.js';
import { Graph } from './graph.js';

function EdgeRow({ edge, direction }: { edge: Edge; direction: 'outgoing' | 'incoming' }) {
  const target = edge.item ? (
    <a href={href({ page: 'item', id: edge.item.id })}>{edge.item.title}</a>
  ) : (
    <span>{edge.person?.handle ?? edge.person?.name ?? edge.ref}</span>
  );
  return (
    <li>
      <span class="edge-type">{direction === 'outgoing' ? edge.type : `← ${edge.type}`}</span> {target}{' '}
      <span class="muted" title={edge.snippet ?? undefined}>
        ({edge.origin}: {edge.rule})
      </span>
    </li>
  );
}

/** An item from the gateway's `get_item`: its text, relations with provenance, timeline, and graph. */
export function Item({ client, id }: { client: PipeClient; id: string }) {
  const result = useTool<ItemResult>(client, 'get_item', { id }, id);
  if (result.status === 'loading') return <p class="muted">Loading {id}…</p>;
  if (result.status === 'error')
    return (
      <p class="error" role="alert">
        {result.message}
      </p>
    );
  const { item, edges, activity } = result.data;
  return (
    <article class="item" aria-labelledby="item-title">
      <h2 id="item-title">{item.title}</h2>
      <p class="meta">
        <span class={`platform ${item.platform}`}>{item.platform}</span> {item.kind}
        {item.state ? ` · ${item.state}` : ''}
        {item.container ? ` · ${item.container}` : ''}
        {item.author ? ` · by ${item.author}` : ''} · updated {ago(item.updatedAt)}
        {item.url ? (
          <>
            {' · '}
            <a href={item.url} rel="noreferrer" target="_blank">
              open on {item.platform}
            </a>
          </>
        ) : null}
      </p>
      <p class="item-id muted">{item.id}</p>
      {item.removed ? <p class="error">Deleted at the source.</p> : null}
      {item.body ? <pre class="body">{item.body}</pre> : null}
      <div class="columns">
        <section aria-labelledby="relations-title">
          <h3 id="relations-title">
            Relations ({edges.totals.outgoing} out, {edges.totals.incoming} in)
          </h3>
          <ul class="list edges">
            {edges.outgoing.map((edge) => (
              <EdgeRow key={`o${edge.type}${edge.ref}`} edge={edge} direction="outgoing" />
            ))}
            {edges.incoming.map((edge) => (
              <EdgeRow key={`i${edge.type}${edge.ref}`} edge={edge} direction="incoming" />
            ))}
          </ul>
        </section>
        <section aria-labelledby="timeline-title">
          <h3 id="timeline-title">Timeline</h3>
          <ol class="list timeline">
            {activity.map((a) => (
              <li key={a.id}>
                <time dateTime={a.occurredAt}>{ago(a.occurredAt)}</time> <strong>{a.actor ?? 'someone'}</strong> {a.verb}
                <span class="muted"> — {a.summary}</span>
              </li>
            ))}
          </ol>
        </section>
      </div>
      <Graph client={client} id={item.id} />
    </article>
  );
}
