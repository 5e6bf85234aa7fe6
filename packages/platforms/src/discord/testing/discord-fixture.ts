import { readFileSync } from 'node:fs';

/** A fixture file of Discord payloads taken from Discord's developer documentation. */
export type DiscordFixtureName =
  | 'message-create'
  | 'message-reply'
  | 'message-update'
  | 'message-delete'
  | 'message-reaction-add'
  | 'interaction-ping'
  | 'webhook-event-ping'
  | 'application-authorized';

/**
 * A fresh copy of a documented payload (each fixture names the documentation page it comes
 * from in its `source`), which a test may modify.
 */
export function discordFixture<T = Record<string, any>>(name: DiscordFixtureName): T {
  const file = new URL(`../normalize/fixtures/${name}.json`, import.meta.url);
  return (JSON.parse(readFileSync(file, 'utf8')) as { payload: T }).payload;
}
