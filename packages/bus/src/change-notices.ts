import type { JetStreamClient } from '@nats-io/jetstream';
import type { ChangeNotice } from '@pipe/events';
import { publishBytes } from './publish.js';
import { type StreamNames, changesSubject } from './stream-names.js';

const encoder = new TextEncoder();

/**
 * Announces a committed batch on `PIPE_CHANGES`. The message id makes a re-announcement (after a
 * crash between commit and publish) land once.
 */
export async function publishChangeNotice(js: JetStreamClient, names: StreamNames, notice: ChangeNotice): Promise<void> {
  await publishBytes(js, changesSubject(names, notice.team), encoder.encode(JSON.stringify(notice)), {
    msgId: `change:${notice.projection}:${notice.team}:${notice.eventSeq}`,
  });
}
