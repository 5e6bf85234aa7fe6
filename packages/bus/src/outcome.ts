/**
 * What a handler decided about one delivered message. The consumer loop alone maps these onto
 * JetStream; handlers never ack themselves.
 */
export type Outcome =
  | { kind: 'ack' }
  | { kind: 'skip'; reason: string }
  | { kind: 'retry'; error: Error }
  | { kind: 'dead-letter'; error: Error };

/** Processed: acknowledge. */
export const ack = (): Outcome => ({ kind: 'ack' });
/** Deliberately not processed (unknown type, already applied…): acknowledge and record why. */
export const skip = (reason: string): Outcome => ({ kind: 'skip', reason });
/** Failed, may succeed later: redeliver after a backoff, dead-letter after the attempt bound. */
export const retry = (error: Error): Outcome => ({ kind: 'retry', error });
/** Can never succeed (undecodable, invalid): move to the dead-letter stream now. */
export const deadLetter = (error: Error): Outcome => ({ kind: 'dead-letter', error });
