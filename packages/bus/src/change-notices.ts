import type { JetStreamClient } from '@nats-io/jetstream';
import type { ChangeNotice } from '@pipe/events';
import { publishBytes } from './publish.js';
import { type StreamNames, changesSubject } from './stream-names.js';

const encoder = new TextEncoder();

/**
 * Announces a committed batch on `PIPE_CHANGES` (`json` is the notice as recorded, when it was).
 * The message id makes a re-announcement (after a crash or a lost acknowledgement between
 * publish and the outbox's delete) land once.
 */
export async function publishChangeNotice(
  js: JetStreamClient,
  names: StreamNames,
  notice: ChangeNotice,
  json: string = JSON.stringify(notice),
): Promise<void> {
  await publishBytes(js, changesSubject(names, notice.team), encoder.encode(json), { msgId: changeNoticeId(notice) });
}

/** A notice's `Nats-Msg-Id`: one per projection, team and last event sequence of the batch. */
export const changeNoticeId = (notice: Pick<ChangeNotice, 'projection' | 'team' | 'eventSeq'>): string =>
  `change:${notice.projection}:${notice.team}:${notice.eventSeq}`;
