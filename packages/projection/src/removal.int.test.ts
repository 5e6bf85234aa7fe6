import type { Delivery } from '@pipe/bus';
import { readModelTables } from '@pipe/db';
import { createTestDb, type TestDb } from '@pipe/db/testing';
import { type ItemSnapshot, type PipeEvent, createEvent } from '@pipe/events';
import { platformModule } from '@pipe/platforms';
import { discordFixture, githubExample, jiraFixture, linearFixture, notionFixture, slackExample } from '@pipe/platforms/testing';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyBatch } from './apply-batch.js';
import { LogFold } from './log-fold.js';
import { REMOVED_SUMMARY } from './merge-rules.js';
import { planBatch } from './plan-batch.js';

let deliveries = 0;

/** The events a platform's own normaliser makes of `payload` (for team `acme`). */
function normalized(platform: string, payload: unknown, headers: Record<string, string> = {}): PipeEvent[] {
  deliveries += 1;
  const result = platformModule(platform).ingest.normalize({
    team: 'acme',
    platform: platform as never,
    deliveryId: `removal-test-${deliveries}`,
    receivedAt: '2026-12-01T12:00:00.000Z',
    headers,
    rawBody: Buffer.from(JSON.stringify(payload)),
    payload,
  });
  if (result.outcome !== 'events') throw new Error(`${platform}: expected events, got a skip: ${result.reason}`);
  return result.events;
}

/** Replaces the fixture's text with `marker` wherever it appears (JSON text, so nested fields too). */
const mark = <T>(payload: T, text: string, marker: string): T => JSON.parse(JSON.stringify(payload).replaceAll(text, marker));

interface Removal {
  /** The events that state the text (a post, a comment, an edit…), in the order the platform sends them. */
  stated: PipeEvent[];
  /** The events of the deletion. */
  removed: PipeEvent[];
}

/** For each platform whose normaliser emits `item.removed`: an item carrying `marker`, then its deletion. */
const REMOVALS: Record<string, (marker: string) => Removal> = {
  slack: (marker) => {
    const posted = slackExample('message');
    posted.event.text = `the deploy key is ${marker}`;
    posted.event.ts = '1358878749.000002';
    const reply = slackExample('thread_broadcast');
    reply.event.text = `and the reply quotes ${marker}`;
    const deleted = slackExample('message_deleted');
    const deletedReply = slackExample('message_deleted');
    deletedReply.event.deleted_ts = reply.event.ts;
    deletedReply.event.channel = reply.event.channel;
    return {
      stated: [...normalized('slack', posted), ...normalized('slack', reply)],
      removed: [...normalized('slack', deleted), ...normalized('slack', deletedReply)],
    };
  },
  discord: (marker) => {
    const created = discordFixture<{ d: { content: string } }>('message-create');
    created.d.content = `token ${marker}`;
    return { stated: normalized('discord', created), removed: normalized('discord', discordFixture('message-delete')) };
  },
  github: (marker) => {
    const created = githubExample('issue_comment', 'created') as { comment: { body: string } };
    const deleted = structuredClone(githubExample('issue_comment', 'deleted')) as { comment: { id: number; body: string } };
    created.comment.body = `oops ${marker}`;
    deleted.comment.id = (created as unknown as { comment: { id: number } }).comment.id;
    deleted.comment.body = `oops ${marker}`;
    const issue = githubExample('issues', 'opened') as { issue: { title: string; body: string } };
    issue.issue.title = `Secret ${marker}`;
    issue.issue.body = `body ${marker}`;
    const issueDeleted = githubExample('issues', 'deleted') as { issue: { number: number; title: string; body: string } };
    return {
      stated: [
        ...normalized('github', created, { 'x-github-event': 'issue_comment' }),
        ...normalized('github', issue, { 'x-github-event': 'issues' }),
      ],
      removed: [
        ...normalized('github', deleted, { 'x-github-event': 'issue_comment' }),
        ...normalized(
          'github',
          { ...issueDeleted, issue: { ...issueDeleted.issue, ...issue.issue, number: issueDeleted.issue.number } },
          { 'x-github-event': 'issues' },
        ),
      ],
    };
  },
  // A parent's deletion takes its comments' text with it: the sources send no removal of their own for them.
  'github issue with a comment': (marker) => {
    const issue = githubExample('issues', 'opened') as { issue: { number: number } };
    const comment = structuredClone(githubExample('issue_comment', 'created')) as { issue: { number: number }; comment: { body: string } };
    const deleted = structuredClone(githubExample('issues', 'deleted')) as { issue: { number: number } };
    comment.comment.body = `the token is ${marker}`;
    comment.issue.number = issue.issue.number;
    deleted.issue.number = issue.issue.number;
    return {
      stated: [
        ...normalized('github', issue, { 'x-github-event': 'issues' }),
        ...normalized('github', comment, { 'x-github-event': 'issue_comment' }),
      ],
      removed: normalized('github', deleted, { 'x-github-event': 'issues' }),
    };
  },
  'jira issue with a comment': (marker) => ({
    stated: [
      ...normalized('jira', jiraFixture('issue-created')),
      ...normalized('jira', mark(jiraFixture('comment-created'), 'Just in time for AtlasCamp!', marker)),
    ],
    removed: normalized('jira', jiraFixture('issue-deleted')),
  }),
  'linear issue with a comment': (marker) => {
    const comment = linearFixture('comment-create');
    comment.data.body = `the token is ${marker}`;
    return {
      stated: [...normalized('linear', linearFixture('issue-create')), ...normalized('linear', comment)],
      removed: normalized('linear', linearFixture('issue-remove')),
    };
  },
  jira: (marker) => ({
    stated: normalized('jira', mark(jiraFixture('comment-created'), 'Just in time for AtlasCamp!', marker)),
    removed: normalized('jira', mark(jiraFixture('comment-deleted'), 'Just in time for AtlasCamp!', marker)),
  }),
  linear: (marker) => ({
    stated: normalized('linear', mark(mark(linearFixture('issue-create'), 'Foo bar', `title ${marker}`), 'see the design notes', marker)),
    removed: normalized('linear', mark(mark(linearFixture('issue-remove'), 'Foo bar', `title ${marker}`), 'see the design notes', marker)),
  }),
  notion: (marker) => {
    const created = notionFixture('page.created');
    const deleted = notionFixture('page.deleted');
    deleted.entity.id = created.entity.id;
    const stated = normalized('notion', created);
    const observed = stated.find((e): e is Extract<PipeEvent, { type: 'item.observed' }> => e.type === 'item.observed')!;
    // Notion events carry ids only: the page's text comes as a newer snapshot from its content fetch.
    const fetched: ItemSnapshot = {
      ...observed.data.item,
      title: `Runbook ${marker}`,
      body: `password: ${marker}`,
      version: observed.data.item.version + 1,
    };
    const content = createEvent(
      { team: 'acme', source: observed.source, occurredAt: observed.occurredAt },
      { type: 'item.observed', data: { item: fetched } },
    );
    return { stated: [...stated, content], removed: normalized('notion', deleted) };
  },
};

/** Every row of every read-model table, as text: where a trace of the removed text would show. */
async function readModelText(t: TestDb): Promise<string> {
  const parts: string[] = [];
  for (const table of readModelTables) {
    const rows = await sql<{ row: string }>`select row_to_json(t)::text as row from ${sql.table(table.name)} t`.execute(t.db);
    parts.push(...rows.rows.map((r) => r.row));
  }
  return parts.join('\n');
}

const deliveriesOf = (events: PipeEvent[], firstSeq: number): Delivery<PipeEvent>[] =>
  events.map((value, i) => ({ value, seq: firstSeq + i, subject: `pipe.events.0.acme.${value.source.platform}.x` }) as Delivery<PipeEvent>);

describe('a removed item leaves no trace of its text in the read model or a rebuild', () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb();
  });
  afterAll(() => t.cleanup());

  /** The orders a removal can meet its item in: after it, in one batch with it, before a late redelivery of it. */
  const ORDERS = {
    'removed in a later batch': ({ stated, removed }: Removal) => [stated, removed],
    'removed in the same batch': ({ stated, removed }: Removal) => [[...stated, ...removed]],
    'removed before a late redelivery of the item': ({ stated, removed }: Removal) => [stated, removed, stated],
    'removal delivered before the item': ({ stated, removed }: Removal) => [removed, stated],
  };

  for (const platform of Object.keys(REMOVALS)) {
    for (const [order, batchesOf] of Object.entries(ORDERS)) {
      it(`${platform}: ${order}`, async () => {
        await sql`truncate items, edges, activities, identities, source_links, source_stats, checkpoints`.execute(t.db);
        const marker = `zq${platform}${Math.random().toString(36).slice(2, 10)}`;
        const removal = REMOVALS[platform]!(marker);
        expect(JSON.stringify(removal.stated)).toContain(marker);
        const removedIds = removal.removed.flatMap((e) => (e.type === 'item.removed' ? [e.data.itemId] : []));
        expect(removedIds.length).toBeGreaterThan(0);

        const fold = new LogFold();
        let seq = 1;
        for (const events of batchesOf(removal)) {
          const batch = deliveriesOf(events, seq);
          seq += events.length;
          await applyBatch(t.db, { projection: 'projector', partition: 'p0' }, batch);
          fold.add(planBatch(batch));
        }

        const text = await readModelText(t);
        expect(text).not.toContain(marker);
        const items = await t.db.selectFrom('items').select(['id', 'removed_at']).where('id', 'in', removedIds).execute();
        expect(items.map((i) => i.removed_at)).toEqual(removedIds.map(() => expect.any(Date)));
        // The activities stay (who did what, when), without what they quoted.
        const activities = await t.db.selectFrom('activities').select(['item_id', 'summary']).where('item_id', 'in', removedIds).execute();
        expect(activities.length).toBeGreaterThan(0);
        expect(activities.every((a) => a.summary === REMOVED_SUMMARY)).toBe(true);

        // What `pipe replay` rebuilds from the same log: the fold's rows, and the edges it derives.
        const itemRows = [...fold.items.rows.values()];
        expect(JSON.stringify([itemRows, [...fold.activities.values()], fold.derivedEdges(itemRows), fold.statedEdges()])).not.toContain(
          marker,
        );
        // …and the same items removed (a comment with its issue too), in the database and the rebuild alike.
        const removedRows = await t.db.selectFrom('items').select('id').where('removed_at', 'is not', null).orderBy('id').execute();
        expect(
          itemRows
            .filter((row) => row.removed_at !== null)
            .map((row) => row.id)
            .sort(),
        ).toEqual(removedRows.map((row) => row.id));
        const live = await t.db.selectFrom('activities').select(['id', 'summary']).orderBy('id').execute();
        expect(
          [...fold.activities.values()].map((a) => ({ id: a.id, summary: a.summary })).sort((a, b) => a.id.localeCompare(b.id)),
        ).toEqual(live);
      });
    }
  }
});
