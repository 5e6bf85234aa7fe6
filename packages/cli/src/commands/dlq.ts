import { type Bus, DLQ_HEADERS, type DeadLetterRecord, type StreamNames, publishBytes } from '@pipe/bus';

/** A dead letter with its id in `PIPE_DLQ` (the id `pipe dlq retry` takes). */
export interface DeadLetter extends DeadLetterRecord {
  id: number;
}

/** Every dead letter still in `PIPE_DLQ`, oldest first. */
export async function listDeadLetters(bus: Bus, names: StreamNames): Promise<DeadLetter[]> {
  const info = await bus.jsm.streams.info(names.dlq);
  const letters: DeadLetter[] = [];
  for (let seq = info.state.first_seq; seq <= info.state.last_seq && info.state.messages > 0; seq++) {
    const letter = await readDeadLetter(bus, names, seq);
    if (letter) letters.push(letter);
  }
  return letters;
}

/**
 * Re-drives a dead letter: its original bytes go back to the subject they came from (a new entry
 * in the log, applied like any other), then the dead letter is deleted. The publish's message id
 * makes a retried retry land once.
 */
export async function retryDeadLetter(bus: Bus, names: StreamNames, id: number): Promise<DeadLetter> {
  const stored = await bus.jsm.streams.getMessage(names.dlq, { seq: id }).catch(() => null);
  const letter = stored ? toDeadLetter(id, stored.header) : null;
  if (!stored || !letter) throw new Error(`no dead letter ${id} in ${names.dlq}; \`pipe dlq list\` shows the ids`);
  await publishBytes(bus.js, letter.subject, stored.data, { msgId: `dlq-retry:${names.dlq}:${id}` });
  await bus.jsm.streams.deleteMessage(names.dlq, id);
  return letter;
}

async function readDeadLetter(bus: Bus, names: StreamNames, seq: number): Promise<DeadLetter | null> {
  const stored = await bus.jsm.streams.getMessage(names.dlq, { seq }).catch(() => null);
  return stored ? toDeadLetter(seq, stored.header) : null;
}

function toDeadLetter(id: number, headers: { get(name: string): string }): DeadLetter | null {
  const subject = headers.get(DLQ_HEADERS.subject);
  if (!subject) return null;
  return {
    id,
    stream: headers.get(DLQ_HEADERS.stream),
    streamSeq: Number(headers.get(DLQ_HEADERS.streamSeq)),
    subject,
    consumer: headers.get(DLQ_HEADERS.consumer),
    deliveries: Number(headers.get(DLQ_HEADERS.deliveries)),
    error: headers.get(DLQ_HEADERS.error),
    errorName: headers.get(DLQ_HEADERS.errorName),
    at: headers.get(DLQ_HEADERS.at),
  };
}
