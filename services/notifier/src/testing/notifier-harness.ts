import { randomBytes } from 'node:crypto';
import { publishChangeNotice } from '@pipe/bus';
import { type TestBus, createTestBus } from '@pipe/bus/testing';
import { SecretBox, createTeam } from '@pipe/db';
import { type TestDb, createTestDb } from '@pipe/db/testing';
import type { ItemChange } from '@pipe/events';
import { type NewRule, Sender, addRule } from '@pipe/notify';
import pino from 'pino';
import { runNotifier } from '../notifier.js';

/** An item of the read model, as a test seeds it. */
export interface SeededItem {
  id: string;
  platform?: ItemChange['platform'];
  kind?: ItemChange['kind'];
  title?: string;
  url?: string | null;
  state?: string | null;
  container?: string | null;
  author?: string | null;
  /** The latest activity: who did what. */
  activity?: { actor: string; summary: string };
}

/** Notifier settings a test may change (the service's defaults otherwise, with fast retries). */
export interface RunOptions {
  allowPrivateTargets?: boolean;
  maxAttempts?: number;
  retryBaseMs?: number;
  mergeWindowMs?: number;
  breakerResetMs?: number;
  timeoutMs?: number;
}

/** A test's own NATS namespace and database with teams, rules and a way to announce changes. */
export interface NotifierHarness {
  bus: TestBus;
  testDb: TestDb;
  box: SecretBox;
  /** The secret key (base64) for a notifier process. */
  secretKey: string;
  /** The environment a notifier process needs to join this harness. */
  env(extra?: Record<string, string>): Record<string, string>;
  team(slug: string): Promise<void>;
  rule(rule: Omit<NewRule, 'secret' | 'chatId' | 'when'> & Partial<Pick<NewRule, 'secret' | 'chatId' | 'when'>>): Promise<string>;
  seed(team: string, item: SeededItem): Promise<void>;
  /** Publishes a change notice for the items (as the projector does after a commit); returns its event seq. */
  announce(team: string, items: SeededItem[], change?: ItemChange['change']): Promise<number>;
  /** Runs a notifier in this process until the returned stop is called. */
  run(options?: RunOptions): () => Promise<void>;
  deliveries(): Promise<{ rule_id: string; change_key: string; state: string; attempts: number; last_error: string | null }[]>;
  cleanup(): Promise<void>;
}

/** Creates a harness; call `cleanup` after the test. */
export async function createNotifierHarness(): Promise<NotifierHarness> {
  const [bus, testDb] = await Promise.all([createTestBus(), createTestDb()]);
  const key = randomBytes(32);
  const box = new SecretBox(key);
  const { db } = testDb;
  let eventSeq = 0;
  const running: (() => Promise<void>)[] = [];

  const harness: NotifierHarness = {
    bus,
    testDb,
    box,
    secretKey: key.toString('base64'),
    env: (extra = {}) => ({
      NATS_URL: bus.url,
      DATABASE_URL: testDb.url,
      PIPE_NAMESPACE: bus.namespace,
      PIPE_SECRET_KEY: key.toString('base64'),
      PIPE_NOTIFY_ALLOW_PRIVATE_TARGETS: 'true',
      ...extra,
    }),
    team: async (slug) => {
      await createTeam(db, box, slug);
    },
    rule: (rule) => addRule(db, box, { secret: null, chatId: null, when: '', ...rule }),
    async seed(team, item) {
      const row = {
        team,
        id: item.id,
        ref: item.id,
        platform: item.platform ?? 'github',
        kind: item.kind ?? 'issue',
        title: item.title ?? item.id,
        body: '',
        url: item.url === undefined ? `https://example.com/${encodeURIComponent(item.id)}` : item.url,
        state: item.state ?? null,
        container: item.container ?? null,
        parent_id: null,
        author_handle: item.author ?? null,
        author_external_id: null,
        created_at: new Date(),
        updated_at: new Date(),
        version: 1,
        event_id: `e-${item.id}`,
        event_seq: 1,
        removed_at: null,
      };
      await db
        .insertInto('items')
        .values(row)
        .onConflict((oc) => oc.columns(['team', 'id']).doUpdateSet({ title: row.title, state: row.state, url: row.url }))
        .execute();
      if (item.activity) {
        await db
          .insertInto('activities')
          .values({
            team,
            id: `a-${item.id}-${randomBytes(4).toString('hex')}`,
            item_id: item.id,
            verb: 'updated',
            actor_handle: item.activity.actor,
            actor_external_id: null,
            actor_platform: row.platform,
            summary: item.activity.summary,
            occurred_at: new Date(),
            event_id: `e-${item.id}`,
          })
          .execute();
      }
    },
    async announce(team, items, change = 'upserted') {
      eventSeq += 1;
      await publishChangeNotice(bus.js, bus.names, {
        team,
        projection: 'read-model',
        eventSeq,
        committedAt: new Date().toISOString(),
        changes: items.map((item) => ({
          itemId: item.id,
          platform: item.platform ?? 'github',
          kind: item.kind ?? 'issue',
          container: item.container ?? null,
          change,
        })),
      });
      return eventSeq;
    },
    run(options = {}) {
      const controller = new AbortController();
      const sender = new Sender({ allowPrivateTargets: options.allowPrivateTargets ?? true, timeoutMs: options.timeoutMs ?? 2000 });
      const done = runNotifier(
        {
          db,
          bus,
          names: bus.names,
          box,
          sender,
          logger: pino({ level: 'silent' }),
          maxAttempts: options.maxAttempts ?? 8,
          retryBaseMs: options.retryBaseMs ?? 20,
          mergeWindowMs: options.mergeWindowMs ?? 0,
          breakerResetMs: options.breakerResetMs ?? 300,
          ackWaitMs: 5000,
        },
        controller.signal,
      );
      const stop = async () => {
        controller.abort();
        await done;
        await sender.close();
      };
      running.push(stop);
      return stop;
    },
    deliveries: () =>
      db.selectFrom('notify_deliveries').select(['rule_id', 'change_key', 'state', 'attempts', 'last_error']).orderBy('id').execute(),
    async cleanup() {
      for (const stop of running.splice(0)) await stop().catch(() => undefined);
      await Promise.all([bus.cleanup(), testDb.cleanup()]);
    },
  };
  return harness;
}
