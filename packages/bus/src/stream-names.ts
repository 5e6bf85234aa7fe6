import { DEFAULT_PARTITIONS, teamPartition } from '@pipe/events';

/**
 * The names of Pipe's streams and subjects under a namespace. The namespace (default empty)
 * prefixes both, so a test run or a second stack on the same NATS never touches another's
 * streams: namespace `t1` gives stream `T1_PIPE_EVENTS` on subjects `t1.pipe.events.>`.
 */
export interface StreamNames {
  events: string;
  raw: string;
  changes: string;
  dlq: string;
  /** Subject prefix, e.g. `pipe` or `t1.pipe`. */
  subjectRoot: string;
  /** How many partitions the log is split into by team (see `teamPartition`). */
  partitions: number;
}

const NAMESPACE = /^[a-z0-9][a-z0-9_-]{0,30}$/;

/** A namespace that is not a valid subject token and stream-name prefix. */
export class InvalidNamespaceError extends Error {
  override readonly name = 'InvalidNamespaceError';
  readonly code = 'INVALID_NAMESPACE';
}

/** Stream and subject names for a namespace ('' for the default stack). */
export function streamNames(namespace = '', partitions: number = DEFAULT_PARTITIONS): StreamNames {
  if (!Number.isInteger(partitions) || partitions < 1 || partitions > 64) {
    throw new InvalidNamespaceError(`the partition count must be a whole number from 1 to 64, not ${partitions}`);
  }
  if (namespace !== '' && !NAMESPACE.test(namespace)) {
    throw new InvalidNamespaceError(
      `namespace '${namespace}' must be 1-31 lowercase letters, digits, '-' or '_' (it prefixes stream names and subjects)`,
    );
  }
  const streamPrefix = namespace ? `${namespace.toUpperCase().replace(/-/g, '_')}_` : '';
  return {
    events: `${streamPrefix}PIPE_EVENTS`,
    raw: `${streamPrefix}PIPE_RAW`,
    changes: `${streamPrefix}PIPE_CHANGES`,
    dlq: `${streamPrefix}PIPE_DLQ`,
    subjectRoot: namespace ? `${namespace}.pipe` : 'pipe',
    partitions,
  };
}

/** `pipe.events.>` under the namespace's root. */
export const eventsWildcard = (names: StreamNames): string => `${names.subjectRoot}.events.>`;
/** One partition of the log: `pipe.events.<partition>.>`. */
export const partitionWildcard = (names: StreamNames, partition: number): string => `${names.subjectRoot}.events.${partition}.>`;
/** One team's events: `pipe.events.<its partition>.<team>.>`. */
export const teamEventsWildcard = (names: StreamNames, team: string): string =>
  `${names.subjectRoot}.events.${teamPartition(team, names.partitions)}.${team}.>`;
/** `pipe.raw.>` under the namespace's root. */
export const rawWildcard = (names: StreamNames): string => `${names.subjectRoot}.raw.>`;
/** `pipe.changes.>` under the namespace's root. */
export const changesWildcard = (names: StreamNames): string => `${names.subjectRoot}.changes.>`;
/** `pipe.dlq.>` under the namespace's root. */
export const dlqWildcard = (names: StreamNames): string => `${names.subjectRoot}.dlq.>`;

/** The subject a team's committed changes are announced on. */
export const changesSubject = (names: StreamNames, team: string): string => `${names.subjectRoot}.changes.${team}`;
/** The subject a consumer's dead letters go to. */
export const dlqSubject = (names: StreamNames, consumer: string): string => `${names.subjectRoot}.dlq.${consumer}`;
/** The subject a verified raw delivery is kept on. */
export const rawSubject = (names: StreamNames, team: string, platform: string): string => `${names.subjectRoot}.raw.${team}.${platform}`;
