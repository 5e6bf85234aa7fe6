import { useEffect, useState } from 'preact/hooks';
import { ago } from '../format.js';
import { href } from '../route.js';
import type { FeedMessage } from '../types.js';

type Change = Extract<FeedMessage, { type: 'change' }>['changes'][number] & { seq: number; committedAt: string };

/**
 * The live change feed: the gateway's WebSocket `/feed`, signed in with the key or access token as
 * a `bearer.<token>` subprotocol (browsers cannot set headers on a WebSocket). Newest first. Each
 * reconnect asks for the token again, so an expired access token is replaced by a refreshed one.
 */
export function Feed({ token }: { token: () => Promise<string> }) {
  const [changes, setChanges] = useState<Change[]>([]);
  const [status, setStatus] = useState<'connecting' | 'live' | 'closed'>('connecting');
  useEffect(() => {
    let socket: WebSocket | null = null;
    let retry: ReturnType<typeof setTimeout> | undefined;
    let cursor: number | undefined;
    let stopped = false;
    const open = async () => {
      const url = new URL('/feed', window.location.href);
      url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
      if (cursor !== undefined) url.searchParams.set('after', String(cursor));
      let bearer: string;
      try {
        bearer = await token();
      } catch {
        setStatus('closed');
        return;
      }
      if (stopped) return;
      socket = new WebSocket(url, [`bearer.${bearer}`]);
      socket.onmessage = (event) => {
        const message = JSON.parse(String(event.data)) as FeedMessage;
        if (message.type === 'ready') {
          cursor = message.cursor;
          setStatus('live');
        } else if (message.type === 'change') {
          cursor = message.seq;
          const arrived = message.changes.map((c) => ({ ...c, seq: message.seq, committedAt: message.committedAt }));
          setChanges((previous) => [...arrived.reverse(), ...previous].slice(0, 200));
        }
      };
      socket.onclose = () => {
        setStatus('closed');
        // Reconnect from the last change seen: the feed replays from the cursor without a gap.
        if (!stopped) retry = setTimeout(() => void open(), 2000);
      };
    };
    void open();
    return () => {
      stopped = true;
      clearTimeout(retry);
      socket?.close();
    };
  }, [token]);

  return (
    <section aria-labelledby="feed-title">
      <h2 id="feed-title">
        Live changes <span class={`badge ${status}`}>{status}</span>
      </h2>
      {changes.length === 0 ? (
        <p class="muted">Nothing yet: send a webhook (the banner of `pipe up` says where) and it appears here within a second.</p>
      ) : (
        <ul class="list feed" aria-live="polite">
          {changes.map((c) => (
            <li key={`${c.seq}:${c.itemId}`} class="feed-change">
              <span class={`platform ${c.platform}`}>{c.platform}</span>
              <span class="kind">{c.kind}</span>
              {c.change === 'removed' ? <s>{c.itemId}</s> : <a href={href({ page: 'item', id: c.itemId })}>{c.itemId}</a>}
              <span class="muted">
                {[c.change === 'removed' ? 'removed' : 'new or changed', c.container, ago(c.committedAt)].filter(Boolean).join(' · ')}
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
