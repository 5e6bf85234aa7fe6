import type { Delivery } from '@pipe/bus';
import type { Database } from '@pipe/db';
import { type PipeEvent, createEvent } from '@pipe/events';
import { activityObserved, githubIssueSnapshot, itemObserved, testOrigin } from '@pipe/events/testing';
import { applyBatch } from '@pipe/projection';
import { type Kysely, sql } from 'kysely';
import { summarize } from '../stats.js';

type Summary = ReturnType<typeof summarize>;

/**
 * At low rates a projector batch holds one delivery: for `issues.opened`, the sender's identity,
 * the issue and its activity. Applies `count` such batches one after another (after a warm-up),
 * timing each, beside the floor of any batch: a transaction that only moves a checkpoint.
 */
export async function smallBatchLatency(db: Kysely<Database>, count: number): Promise<{ batch: Summary; floor: Summary }> {
  const key = { projection: 'small', partition: 'p0' };
  let seq = 0;
  const delivery = (value: PipeEvent): Delivery<PipeEvent> => ({ value, seq: ++seq, subject: '', deliveryCount: 1, headers: {} });
  const oneDelivery = (n: number) => {
    const sender = { platform: 'github' as const, externalId: String(1000 + (n % 40)), handle: `dev${n % 40}` };
    return [
      delivery(
        createEvent(testOrigin('acme', 'github'), {
          type: 'identity.observed',
          data: { identity: sender, name: null, email: null, url: null },
        }),
      ),
      delivery(
        itemObserved(
          githubIssueSnapshot('octo/demo', n, { body: `Crash on start after #${n - 1}, see ACME-12. cc @hubot`, author: sender }),
        ),
      ),
      delivery(activityObserved(`github:issue:octo/demo#${n}`, 'opened', `github:small-${n}:2`)),
    ];
  };
  const warmUp = Math.min(300, count);
  const batch: number[] = [];
  for (let n = 1; n <= warmUp + count; n++) {
    const deliveries = oneDelivery(n);
    const start = performance.now();
    await applyBatch(db, key, deliveries);
    if (n > warmUp) batch.push(performance.now() - start);
  }
  const floor: number[] = [];
  for (let n = 1; n <= warmUp + count; n++) {
    const start = performance.now();
    await db.transaction().execute((tx) => sql`update checkpoints set last_seq = last_seq + 1 where projection = 'small'`.execute(tx));
    if (n > warmUp) floor.push(performance.now() - start);
  }
  return { batch: summarize(batch), floor: summarize(floor) };
}
