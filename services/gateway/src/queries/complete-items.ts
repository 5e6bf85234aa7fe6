import type { Database } from '@pipe/db';
import type { Kysely } from 'kysely';
import { searchItems } from '../search/search-items.js';

/** How many completions are offered at most (the MCP completion result caps at 100). */
export const COMPLETION_LIMIT = 20;

/**
 * Item ids of the team starting with what the user typed, or, when nothing starts with it, whose
 * title contains it, then what `search` finds for it (a key, a URL, words, a question): ids are
 * long, titles and what an item is about are what people remember.
 */
export async function completeItemIds(db: Kysely<Database>, team: string, typed: string): Promise<string[]> {
  const escaped = typed.replace(/[\\%_]/g, (c) => `\\${c}`);
  const byId = await db
    .selectFrom('items')
    .select('id')
    .where('team', '=', team)
    .where('removed_at', 'is', null)
    .where('id', 'like', `${escaped}%`)
    .orderBy('id')
    .limit(COMPLETION_LIMIT)
    .execute();
  if (byId.length > 0 || typed.length < 2) return byId.map((row) => row.id);
  const byTitle = await db
    .selectFrom('items')
    .select('id')
    .where('team', '=', team)
    .where('removed_at', 'is', null)
    .where('title', 'ilike', `%${escaped}%`)
    .orderBy('updated_at', (order) => order.desc().nullsLast())
    .limit(COMPLETION_LIMIT)
    .execute();
  if (byTitle.length > 0) return byTitle.map((row) => row.id);
  const found = await searchItems(db, { team, query: typed, limit: COMPLETION_LIMIT, asOf: new Date().toISOString() });
  return found.rows.map((row) => row.item.id);
}
