import { ago } from '../format.js';
import type { PipeClient } from '../pipe-client.js';
import { href } from '../route.js';
import type { Edge, ItemResult, TimelineResult } from '../types.js';
import { useTool } from '../use-tool.js';

/** One session: the files it touched and the commits it produced, from its relations (`get_item`). */
function SessionRow({ client, id, title, at }: { client: PipeClient; id: string; title: string; at: string }) {
  const result = useTool<ItemResult>(client, 'get_item', { id }, id);
  const edges = result.status === 'done' ? result.data.edges.outgoing : [];
  // A commit Pipe has not seen from GitHub yet is still named by its reference.
  const files = edges.filter((e) => e.type === 'TOUCHES');
  const commits = edges.filter((e) => e.type === 'PRODUCED');
  const name = (edge: Edge) => edge.item?.title ?? edge.ref;
  return (
    <li class="session">
      <a href={href({ page: 'item', id })}>{title}</a> <span class="muted">started {ago(at)}</span>
      {result.status === 'done' ? (
        <p class="session-work">
          {files.length} file{files.length === 1 ? '' : 's'} touched{files.length > 0 ? `: ${files.map(name).join(', ')}` : ''};{' '}
          {commits.length} commit{commits.length === 1 ? '' : 's'}
          {commits.length > 0 ? ': ' : ''}
          {commits.map((edge, i) => (
            <span key={edge.ref}>
              {i > 0 ? ', ' : ''}
              {edge.item ? <a href={href({ page: 'item', id: edge.item.id })}>{name(edge)}</a> : <code>{name(edge)}</code>}
            </span>
          ))}
        </p>
      ) : null}
    </li>
  );
}

/** Assistant sessions (Claude Code hooks): the latest started, each with its files and commits. */
export function Sessions({ client }: { client: PipeClient }) {
  const result = useTool<TimelineResult>(client, 'timeline', { verbs: ['started'], limit: 20 }, 'sessions');
  if (result.status === 'loading') return <p class="muted">Loading sessions…</p>;
  if (result.status === 'error')
    return (
      <p class="error" role="alert">
        {result.message}
      </p>
    );
  const sessions = result.data.entries.filter((entry) => entry.item?.kind === 'session');
  return (
    <section aria-labelledby="sessions-title">
      <h2 id="sessions-title">Assistant sessions</h2>
      {sessions.length === 0 ? (
        <p class="muted">No assistant session recorded yet: `pipe hooks install claude-code` (see the banner of `pipe up`).</p>
      ) : (
        <ul class="list">
          {sessions.map((s) => (
            <SessionRow key={s.id} client={client} id={s.itemId} title={s.item?.title ?? s.itemId} at={s.occurredAt} />
          ))}
        </ul>
      )}
    </section>
  );
}
