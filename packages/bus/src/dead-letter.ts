import type { JetStreamClient, JsMsg } from '@nats-io/jetstream';
import { publishBytes } from './publish.js';

/** Headers a dead letter carries besides the original message's bytes (kept verbatim). */
export const DLQ_HEADERS = Object.freeze({
  error: 'Pipe-Dlq-Error',
  errorName: 'Pipe-Dlq-Error-Name',
  stream: 'Pipe-Dlq-Stream',
  streamSeq: 'Pipe-Dlq-Stream-Seq',
  subject: 'Pipe-Dlq-Subject',
  consumer: 'Pipe-Dlq-Consumer',
  deliveries: 'Pipe-Dlq-Deliveries',
  at: 'Pipe-Dlq-At',
});

/** A dead letter, as `pipe dlq list` shows it. */
export interface DeadLetterRecord {
  stream: string;
  streamSeq: number;
  subject: string;
  consumer: string;
  deliveries: number;
  error: string;
  errorName: string;
  at: string;
}

/**
 * Stores a message that could not be processed in the dead-letter stream, with the error. The
 * message's own bytes are kept as they were, so it can be re-driven after a fix.
 */
export async function publishDeadLetter(js: JetStreamClient, subject: string, msg: JsMsg, consumer: string, error: Error): Promise<void> {
  const record: Record<string, string> = {
    [DLQ_HEADERS.error]: oneLine(error.message),
    [DLQ_HEADERS.errorName]: error.name,
    [DLQ_HEADERS.stream]: msg.info.stream,
    [DLQ_HEADERS.streamSeq]: String(msg.seq),
    [DLQ_HEADERS.subject]: msg.subject,
    [DLQ_HEADERS.consumer]: consumer,
    [DLQ_HEADERS.deliveries]: String(msg.info.deliveryCount),
    [DLQ_HEADERS.at]: new Date().toISOString(),
  };
  await publishBytes(js, subject, msg.data, {
    // One dead letter per message and consumer, even if the term() after it is lost.
    msgId: `dlq:${msg.info.stream}:${consumer}:${msg.seq}`,
    headers: record,
  });
}

// Header values cannot hold line breaks.
const oneLine = (text: string): string => text.replace(/[\r\n]+/g, ' ').slice(0, 2000);
