import type {
  ActivityObserved,
  IdentityObserved,
  ItemChange,
  ItemObserved,
  ItemRemoved,
  ItemSnapshot,
  LinkObserved,
} from '@pipe/events';
import { identityRef, itemRef } from '@pipe/events';
import type { Database } from '@pipe/db';
import { type Transaction, sql } from 'kysely';
import { deriveGithubReferences } from './derive-references.js';

type Tx = Transaction<Database>;

/**
 * The order of snapshots: source version first; at equal versions a removal beats an observation
 * (so a delete is never undone by a same-version snapshot arriving late); then the event id. Any
 * delivery order therefore ends with the same row.
 */
const newerSnapshot = sql<boolean>`(items.version, items.removed_at is not null, items.event_id) < (excluded.version, excluded.removed_at is not null, excluded.event_id)`;

/** Kinds whose parent is the thing they answer (a comment on an issue, a review of a PR). */
const REPLY_KINDS = new Set(['comment', 'review', 'message']);

/**
 * Upserts an item snapshot unless the stored one is newer, and when it wins, re-derives the edges
 * its text and structure produce (see `newerSnapshot` for what newer means).
 */
export async function projectItemObserved(tx: Tx, event: ItemObserved, seq: number): Promise<ItemChange | null> {
  const item = event.data.item;
  const row = {
    team: event.team,
    id: item.id,
    ref: itemRef(item.id),
    platform: item.platform,
    kind: item.kind,
    title: item.title,
    body: item.body,
    url: item.url,
    state: item.state,
    container: item.container,
    parent_id: item.parentId,
    author_handle: item.author?.handle ?? null,
    author_external_id: item.author?.externalId ?? null,
    created_at: item.createdAt,
    updated_at: item.updatedAt,
    version: item.version,
    event_id: event.id,
    event_seq: seq,
    removed_at: null,
  };
  const { team: _team, id: _id, ...changes } = row;
  const written = await tx
    .insertInto('items')
    .values(row)
    .onConflict((oc) =>
      oc
        .columns(['team', 'id'])
        .doUpdateSet(changes)
        .where(newerSnapshot),
    )
    .returning('id')
    .executeTakeFirst();
  if (!written) return null;
  await replaceDerivedEdges(tx, event, item);
  return { itemId: item.id, platform: item.platform, kind: item.kind, container: item.container, change: 'upserted' };
}

/**
 * Tombstones an item: its text leaves the row (and so search). A removal seen before the item
 * itself still leaves a tombstone, so the older snapshot arriving later cannot bring it back.
 */
export async function projectItemRemoved(tx: Tx, event: ItemRemoved, seq: number): Promise<ItemChange | null> {
  const { itemId, platform, kind, version } = event.data;
  const tombstone = {
    title: '',
    body: '',
    version,
    event_id: event.id,
    event_seq: seq,
    removed_at: event.occurredAt,
  };
  const written = await tx
    .insertInto('items')
    .values({
      team: event.team,
      id: itemId,
      ref: itemRef(itemId),
      platform,
      kind,
      url: null,
      state: 'removed',
      container: null,
      parent_id: null,
      author_handle: null,
      author_external_id: null,
      created_at: null,
      updated_at: null,
      ...tombstone,
    })
    .onConflict((oc) =>
      oc
        .columns(['team', 'id'])
        .doUpdateSet({ ...tombstone, state: 'removed' })
        .where(newerSnapshot),
    )
    .returning(['id', 'container'])
    .executeTakeFirst();
  if (!written) return null;
  await tx.deleteFrom('edges').where('team', '=', event.team).where('from_id', '=', itemId).where('origin', '!=', 'source').execute();
  return { itemId, platform, kind, container: written.container, change: 'removed' };
}

/** Records (or, when the source says so, removes) a relation the platform states. */
export async function projectLinkObserved(tx: Tx, event: LinkObserved): Promise<void> {
  const { from, to, edge, removed } = event.data;
  const key = { team: event.team, from_id: from, to_ref: itemRef(to), type: edge, origin: 'source' };
  if (removed) {
    await tx
      .deleteFrom('edges')
      .where('team', '=', key.team)
      .where('from_id', '=', key.from_id)
      .where('to_ref', '=', key.to_ref)
      .where('type', '=', key.type)
      .where('origin', '=', 'source')
      .execute();
    return;
  }
  await tx
    .insertInto('edges')
    .values({ ...key, rule: `${event.source.platform}-link`, snippet: null, event_id: event.id })
    .onConflict((oc) => oc.columns(['team', 'from_id', 'type', 'to_ref', 'origin']).doNothing())
    .execute();
}

/** Adds an entry to the timeline; a redelivered activity is stored once. */
export async function projectActivityObserved(tx: Tx, event: ActivityObserved): Promise<void> {
  const { activityId, itemId, verb, actor, summary } = event.data;
  await tx
    .insertInto('activities')
    .values({
      team: event.team,
      id: activityId,
      item_id: itemId,
      verb,
      actor_handle: actor?.handle ?? null,
      actor_external_id: actor?.externalId ?? null,
      actor_platform: actor?.platform ?? null,
      summary,
      occurred_at: event.occurredAt,
      event_id: event.id,
    })
    .onConflict((oc) => oc.columns(['team', 'id']).doNothing())
    .execute();
}

/** Keeps the latest known details of a person's platform identity. */
export async function projectIdentityObserved(tx: Tx, event: IdentityObserved): Promise<void> {
  const { identity, name, email, url } = event.data;
  const details = { handle: identity.handle, name, email, url, event_id: event.id };
  await tx
    .insertInto('identities')
    .values({
      team: event.team,
      platform: identity.platform,
      external_id: identity.externalId,
      ref: identityRef(identity.platform, identity.platform === 'github' ? (identity.handle ?? identity.externalId) : identity.externalId),
      person_id: `${identity.platform}:${identity.externalId}`,
      ...details,
    })
    .onConflict((oc) =>
      oc
        .columns(['team', 'platform', 'external_id'])
        .doUpdateSet(details)
        .where(sql<boolean>`identities.event_id < excluded.event_id`),
    )
    .execute();
}

async function replaceDerivedEdges(tx: Tx, event: ItemObserved, item: ItemSnapshot): Promise<void> {
  const ref = itemRef(item.id);
  await tx.deleteFrom('edges').where('team', '=', event.team).where('from_id', '=', item.id).where('origin', '!=', 'source').execute();
  const rows: Database['edges'][] = [];
  if (item.platform === 'github') {
    for (const edge of deriveGithubReferences(item, ref)) {
      rows.push({ team: event.team, from_id: item.id, to_ref: edge.toRef, type: edge.type, origin: 'text', rule: edge.rule, snippet: edge.snippet, event_id: event.id });
    }
  }
  if (item.parentId && REPLY_KINDS.has(item.kind)) {
    rows.push({ team: event.team, from_id: item.id, to_ref: itemRef(item.parentId), type: 'REPLIES_TO', origin: 'structure', rule: 'parent', snippet: null, event_id: event.id });
  }
  if (rows.length > 0) await tx.insertInto('edges').values(rows).onConflict((oc) => oc.doNothing()).execute();
}
