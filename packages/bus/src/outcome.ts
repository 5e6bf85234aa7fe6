/**
 * What a handler decided about one delivered message. The consumer loop alone maps these onto
 * JetStream; handlers never ack themselves.
 */
export type Outcome =
  | { kind: 'ack' }
  | { kind: 'skip'; reason: string }
  | { kind: 'retry'; error: Error }
  | { kind: 'release'; reason: string }
  | { kind: 'dead-letter'; error: Error };

/** Processed: acknowledge. */
export const ack = (): Outcome => ({ kind: 'ack' });
/** Deliberately not processed (unknown type, already applied…): acknowledge and record why. */
export const skip = (reason: string): Outcome => ({ kind: 'skip', reason });
/** Failed, may succeed later: redeliver after the retry policy's delay, dead-letter once its attempts are spent. */
export const retry = (error: Error): Outcome => ({ kind: 'retry', error });
/**
 * Not processed, and not a failure of the message (the handler is stopping, or is going back to
 * an earlier position): hand it back for redelivery at once. Never dead-letters it.
 */
export const release = (reason: string): Outcome => ({ kind: 'release', reason });
/** Can never succeed (undecodable, invalid): move to the dead-letter stream now. */
export const deadLetter = (error: Error): Outcome => ({ kind: 'dead-letter', error });
