import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { Database } from '@pipe/db';
import type { ChangeNotice, ItemChange } from '@pipe/events';
import { itemRef } from '@pipe/platforms';
import type { Insertable, Kysely } from 'kysely';
import { expect } from 'vitest';

let seq = 0;

/** Inserts an item row as the projector would write it; fields override the defaults. */
export async function insertItem(
  db: Kysely<Database>,
  team: string,
  id: string,
  fields: Partial<Insertable<Database['items']>> = {},
): Promise<void> {
  seq += 1;
  const [platform = 'github', kind = 'issue'] = id.split(':');
  await db
    .insertInto('items')
    .values({
      team,
      id,
      ref: itemRef(id),
      platform,
      kind,
      title: id,
      body: '',
      url: `https://example.test/${encodeURIComponent(id)}`,
      state: 'open',
      container: 'octo/demo',
      created_at: '2025-01-01T00:00:00Z',
      updated_at: new Date(Date.UTC(2025, 0, 1, 0, seq)),
      version: 1,
      event_id: `evt-${seq}`,
      event_seq: seq,
      ...fields,
    })
    .execute();
}

/** Inserts an edge. */
export async function insertEdge(
  db: Kysely<Database>,
  team: string,
  fromId: string,
  toRef: string,
  type: string,
  fields: Partial<Insertable<Database['edges']>> = {},
): Promise<void> {
  await db
    .insertInto('edges')
    .values({
      team,
      from_id: fromId,
      to_ref: toRef,
      type,
      origin: 'text',
      rule: 'test-rule',
      snippet: null,
      event_id: `evt-edge-${fromId}-${toRef}-${type}`,
      ...fields,
    })
    .execute();
}

/** Inserts an identity of a person. */
export async function insertIdentity(
  db: Kysely<Database>,
  team: string,
  platform: string,
  externalId: string,
  personId: string,
  fields: Partial<Insertable<Database['identities']>> = {},
): Promise<void> {
  await db
    .insertInto('identities')
    .values({
      team,
      platform,
      external_id: externalId,
      person_id: personId,
      ref: `identity:${platform}:${fields.handle ?? externalId}`,
      event_id: `evt-id-${platform}-${externalId}`,
      ...fields,
    })
    .execute();
}

/** Inserts an activity. */
export async function insertActivity(
  db: Kysely<Database>,
  team: string,
  id: string,
  itemId: string,
  verb: string,
  actor: { platform: string; externalId: string; handle: string } | null,
  occurredAt: Date | string,
): Promise<void> {
  await db
    .insertInto('activities')
    .values({
      team,
      id,
      item_id: itemId,
      verb,
      actor_handle: actor?.handle ?? null,
      actor_external_id: actor?.externalId ?? null,
      actor_platform: actor?.platform ?? null,
      summary: `${actor?.handle ?? 'someone'} ${verb} ${itemId}`,
      occurred_at: occurredAt,
      event_id: `evt-act-${id}`,
    })
    .execute();
}

/** An MCP client connected to the gateway over Streamable HTTP with a bearer key. */
export async function connectClient(
  mcpUrl: string,
  key: string,
  name = 'gateway-test',
): Promise<{ client: Client; transport: StreamableHTTPClientTransport }> {
  const client = new Client({ name, version: '1.0.0' });
  const transport = new StreamableHTTPClientTransport(new URL(mcpUrl), { requestInit: { headers: { Authorization: `Bearer ${key}` } } });
  await client.connect(transport);
  return { client, transport };
}

/** Calls a tool that must succeed and returns its structured content. */
export async function callOk<T>(client: Client, name: string, args: Record<string, unknown> = {}): Promise<T> {
  const result = (await client.callTool({ name, arguments: args })) as CallToolResult;
  expect(result.isError, JSON.stringify(result.content)).toBeFalsy();
  expect(result.content[0]?.type).toBe('text');
  return result.structuredContent as T;
}

/** Calls a tool that must fail and returns its error text. */
export async function callError(client: Client, name: string, args: Record<string, unknown> = {}): Promise<string> {
  const result = (await client.callTool({ name, arguments: args })) as CallToolResult;
  expect(result.isError, JSON.stringify(result)).toBe(true);
  return JSON.stringify(result.content);
}

/** The text rendering of a tool result. */
export async function callText(client: Client, name: string, args: Record<string, unknown> = {}): Promise<string> {
  const result = (await client.callTool({ name, arguments: args })) as CallToolResult;
  const first = result.content[0];
  return first?.type === 'text' ? first.text : '';
}

let noticeSeq = 0;
/** A projector change notice for `team`, each with the next event sequence (as the projector announces commits). */
export const changeNotice = (team: string, changes: ItemChange[]): ChangeNotice => ({
  team,
  projection: 'projector',
  eventSeq: (noticeSeq += 1),
  committedAt: new Date().toISOString(),
  changes,
});
