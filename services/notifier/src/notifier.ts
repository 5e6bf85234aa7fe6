import { type Bus, type StreamNames, changesWildcard, dlqSubject, ensureConsumer, runConsumerLoop } from '@pipe/bus';
import type { Database, SecretBox } from '@pipe/db';
import { ChangeNotice } from '@pipe/events';
import type { Sender } from '@pipe/notify';
import { RateMeter, counter } from '@pipe/telemetry';
import type { Kysely } from 'kysely';
import { withDispatchLock } from './dispatch-lock.js';
import { type DispatchLogger, Dispatcher } from './dispatcher.js';
import { intakeNotices } from './notice-intake.js';
import { OpenedRules } from './opened-rules.js';

/** The durable consumer of `PIPE_CHANGES` every notifier instance shares. */
export const NOTIFIER_CONSUMER = 'notifier';

/** Changes delivered (for `pipe status`'s throughput). */
export const deliveredChanges = new RateMeter('notifications');

const settledMessages = counter({
  name: 'pipe_notifier_messages_total',
  help: 'Notification messages settled, by outcome (delivered, retry, dead, paused).',
  labelNames: ['outcome'],
});

/** What {@link runNotifier} needs. */
export interface NotifierDeps {
  db: Kysely<Database>;
  bus: Bus;
  names: StreamNames;
  box: SecretBox;
  sender: Sender;
  logger: DispatchLogger & { error(obj: object, msg?: string): void };
  maxAttempts: number;
  retryBaseMs: number;
  mergeWindowMs: number;
  breakerResetMs: number;
  ackWaitMs: number;
}

/**
 * The notifier's work until `stopping` aborts: every instance consumes `PIPE_CHANGES` through one
 * durable consumer and queues the matching (rule, change) deliveries; the instance holding the
 * dispatch lock sends them — those its own intake queued straight away, handed over in memory. A
 * notice is acknowledged only after its deliveries are committed.
 */
export async function runNotifier(deps: NotifierDeps, stopping: AbortSignal): Promise<void> {
  const { bus, names } = deps;
  await ensureConsumer(bus.jsm, {
    stream: names.changes,
    name: NOTIFIER_CONSUMER,
    filterSubject: changesWildcard(names),
    ackWaitMs: deps.ackWaitMs,
  });
  const rules = new OpenedRules(deps.box);
  const dispatcher = new Dispatcher({
    ...deps,
    rules,
    onSettled: (outcome, changes) => {
      settledMessages.inc({ outcome });
      if (outcome === 'delivered') deliveredChanges.mark(changes);
    },
  });
  const prefix = `${names.subjectRoot}.changes.`;
  const decoder = new TextDecoder();
  const consuming = runConsumerLoop<ChangeNotice>({
    js: bus.js,
    stream: names.changes,
    consumer: NOTIFIER_CONSUMER,
    decode: (data) => ChangeNotice.parse(JSON.parse(decoder.decode(data))),
    handleBatch: async (batch) => {
      const { outcomes, queued } = await intakeNotices(
        {
          db: deps.db,
          rules,
          consumer: NOTIFIER_CONSUMER,
          teamOfSubject: (subject) => subject.slice(prefix.length),
          reservations: dispatcher,
        },
        batch,
      );
      dispatcher.offer(queued);
      return outcomes;
    },
    dlqSubject: dlqSubject(names, NOTIFIER_CONSUMER),
    maxBatch: 100,
    signal: stopping,
  });
  const dispatching = withDispatchLock(
    deps.db,
    `pipe-notifier:${names.subjectRoot}`,
    stopping,
    () => deps.logger.info({}, 'another notifier instance is sending; this one queues and waits to take over'),
    () => dispatcher.run(stopping),
  );
  await Promise.all([consuming, dispatching]);
}
