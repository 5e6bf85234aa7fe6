import { ago } from '../format.js';
import type { PipeClient } from '../pipe-client.js';
import { href } from '../route.js';
import type { ItemResult, TimelineResult } from '../types.js';
import { useTool } from '../use-tool.js';

/** One session: the files it touched and the commits it produced, from its relations (`get_item`). */
function SessionRow({ client, id, title, at }: { client: PipeClient; id: string; title: string; at: string }) {
  const result = useTool<ItemResult>(client, 'get_item', { id }, id);
  const related = result.status === 'done' ? [...result.data.edges.outgoing, ...result.data.edges.incoming] : [];
  const files = related.filter((e) => e.item?.kind === 'file');
  const commits = related.filter((e) => e.item?.kind === 'commit');
  return (
    <li class="session">
      <a href={href({ page: 'item', id })}>{title}</a> <span class="muted">started {ago(at)}</span>
      {result.status === 'done' ? (
        <p>
          {files.length} file{files.length === 1 ? '' : 's'} touched
          {files.length > 0 ? `: ${files.map((e) => e.item?.title).join(', ')}` : ''}; {commits.length} commit
          {commits.length === 1 ? '' : 's'}
          {commits.length > 0 ? ': ' : ''}
          {commits.map((e, i) => (
            <span key={e.ref}>
              {i > 0 ? ', ' : ''}
              <a href={href({ page: 'item', id: e.item?.id ?? e.ref })}>{e.item?.title}</a>
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
