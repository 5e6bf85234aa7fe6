import { readFileSync } from 'node:fs';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { TestDb } from '@pipe/db/testing';
import type { Split } from './deliveries/index.js';
import type { Expected } from './expected.js';

/** A URL and the item it must open. */
export interface UrlTarget {
  url: string;
  item: string;
  split: Split;
  /** `hand` for `expected/urls.txt`, `stored` for an item's own `url`. */
  source: 'hand' | 'stored';
}

/** What `get_item` answered for one URL. */
export interface UrlAnswer extends UrlTarget {
  /** The item it opened, or the error it answered. */
  opened: string;
  ok: boolean;
}

/** Reads `expected/urls.txt`. */
export function readExpectedUrls(): UrlTarget[] {
  const content = readFileSync(new URL('./expected/urls.txt', import.meta.url), 'utf8');
  let split: Split | null = null;
  const targets: UrlTarget[] = [];
  content.split('\n').forEach((raw, index) => {
    const text = raw.trim();
    if (text === '## tuning') split = 'tuning';
    else if (text === '## held-out') split = 'held-out';
    else if (text !== '' && !text.startsWith('#')) {
      const [url, item, extra] = text.split(/\s+/);
      if (!url || !item || extra || !split)
        throw new Error(`expected/urls.txt:${index + 1}: expected '<url> <item id>' under a split, got '${text}'`);
      targets.push({ url, item, split, source: 'hand' });
    }
  });
  return targets;
}

/**
 * Asks the gateway, over MCP as the team (`client`), to open each URL — the hand-written ones and
 * every expected live item's own `url` — and records which item each opened.
 */
export async function openUrls(client: Client, db: TestDb['db'], team: string, expected: Expected): Promise<UrlAnswer[]> {
  const stored = await db.selectFrom('items').select(['id', 'url']).where('team', '=', team).where('removed_at', 'is', null).execute();
  const targets = [
    ...readExpectedUrls(),
    ...stored.flatMap((item) => {
      const split = expected.items.get(item.id);
      return item.url && split ? [{ url: item.url, item: item.id, split, source: 'stored' as const }] : [];
    }),
  ];
  const answers: UrlAnswer[] = [];
  for (const target of targets) {
    const result = await client.callTool({ name: 'get_item', arguments: { id: target.url } });
    const opened = result.isError
      ? `error: ${(result.content as { text?: string }[])[0]?.text ?? 'unknown'}`
      : ((result.structuredContent as { item?: { id?: string } } | undefined)?.item?.id ?? 'no item');
    answers.push({ ...target, opened, ok: opened === target.item });
  }
  return answers;
}
