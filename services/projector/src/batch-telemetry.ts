import { type Context, context } from '@opentelemetry/api';
import type { Delivery } from '@pipe/bus';
import type { ChangeNotice } from '@pipe/events';
import { RateMeter, counter, histogram, withSpan } from '@pipe/telemetry';

const batchSize = histogram({
  name: 'pipe_projector_batch_size',
  help: 'Events per projector batch (one transaction with the checkpoint).',
  buckets: [1, 2, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000],
});

const applySeconds = histogram({
  name: 'pipe_projector_apply_duration_seconds',
  help: 'Time to apply one projector batch and commit it with the checkpoint, by outcome (ok, error).',
  labelNames: ['outcome'],
  buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
});

const appliedTotal = counter({
  name: 'pipe_projector_events_applied_total',
  help: 'Events in batches the projector committed (including redeliveries skipped at the checkpoint).',
});

/** Events this process committed, for the throughput `pipe status` shows. */
export const appliedEvents = new RateMeter('events');

/** The trace each change notice belongs to: that of the event it ends at (`eventSeq`). */
const noticeTraces = new WeakMap<ChangeNotice, Context>();

/**
 * Applies a batch inside a `projector apply_batch` span (size, first and last sequence), timing it
 * and counting its events. The span is a child of the consumer loop's batch span. Each notice the
 * batch produces is remembered with the trace of the event it announces (its `eventSeq`), so
 * {@link inNoticeTrace} publishes it on that event's trace, and the gateway's notification ends it.
 */
export async function traceBatch<R extends { notices: ChangeNotice[] }>(
  batch: readonly Delivery<unknown>[],
  apply: () => Promise<R>,
): Promise<R> {
  const started = performance.now();
  const attributes = {
    'messaging.batch.message_count': batch.length,
    'pipe.batch.first_seq': batch[0]?.seq ?? 0,
    'pipe.batch.last_seq': batch[batch.length - 1]?.seq ?? 0,
  };
  try {
    const applied = await withSpan('projector apply_batch', { attributes }, apply);
    applySeconds.observe({ outcome: 'ok' }, (performance.now() - started) / 1000);
    batchSize.observe(batch.length);
    appliedTotal.inc(batch.length);
    appliedEvents.mark(batch.length);
    for (const notice of applied.notices) {
      const trace = batch.find((delivery) => delivery.seq === notice.eventSeq)?.trace;
      if (trace) noticeTraces.set(notice, trace);
    }
    return applied;
  } catch (error) {
    applySeconds.observe({ outcome: 'error' }, (performance.now() - started) / 1000);
    throw error;
  }
}

/** The trace of the event a notice announces (see {@link traceBatch}), if this process applied it. */
export const noticeTrace = (notice: ChangeNotice): Context | undefined => noticeTraces.get(notice);

/** Runs `publish` in `trace` (the trace of the event a notice announces), else in the active context. */
export function inTrace<T>(trace: Context | undefined, publish: () => Promise<T>): Promise<T> {
  return context.with(trace ?? context.active(), publish);
}
