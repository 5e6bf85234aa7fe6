import type { Kysely, Transaction } from 'kysely';
import type { Database } from './schema.js';

type Db = Kysely<Database> | Transaction<Database>;

/** A team's AI-assistant settings. */
export interface AssistantSettings {
  /** Keep the text of prompts (off by default: only the fact that a prompt was sent is kept). */
  storePrompts: boolean;
}

/** A team's assistant settings; the defaults (prompts off) when it never changed them. */
export async function getAssistantSettings(db: Db, team: string): Promise<AssistantSettings> {
  const row = await db.selectFrom('assistant_settings').select('store_prompts').where('team', '=', team).executeTakeFirst();
  return { storePrompts: row?.store_prompts ?? false };
}

/** Turns keeping prompt text on or off for a team. */
export async function setAssistantPrompts(db: Db, team: string, storePrompts: boolean): Promise<void> {
  await db
    .insertInto('assistant_settings')
    .values({ team, store_prompts: storePrompts })
    .onConflict((oc) => oc.column('team').doUpdateSet({ store_prompts: storePrompts, updated_at: new Date() }))
    .execute();
}
