import type { PipeEvent } from './envelope.js';

/**
 * How many partitions the log is split into by team, unless configured (`PIPE_PARTITIONS`). Each
 * partition is applied by one projector instance at a time; all services of a stack must agree.
 */
export const DEFAULT_PARTITIONS = 4;

/**
 * The partition a team's events go to: FNV-1a of the slug, modulo the partition count — the same
 * deterministic mapping JetStream's `partition()` subject transform makes, computed by the
 * publisher because the NATS servers Pipe supports (2.9+) cannot transform a stream's subjects.
 */
export function teamPartition(team: string, partitions: number = DEFAULT_PARTITIONS): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < team.length; i++) {
    hash ^= team.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) % Math.max(1, partitions);
}

/**
 * The subject an event is published on: `<root>.events.<partition>.<team>.<platform>.<type>`
 * (root `pipe`, or `<namespace>.pipe` for an isolated stack), with the dot in the type replaced
 * (`item.observed` → `item_observed`) so that each part stays one token. The partition token
 * lets one consumer take a partition's teams with a single filter (`pipe.events.2.>`).
 */
export function eventSubject(event: PipeEvent, subjectRoot = 'pipe', partitions: number = DEFAULT_PARTITIONS): string {
  return `${subjectRoot}.events.${teamPartition(event.team, partitions)}.${event.team}.${event.source.platform}.${event.type.replace('.', '_')}`;
}

/** The partition token of an event subject, or null when the subject is not one. */
export function subjectPartition(subject: string): number | null {
  const match = /\.events\.(\d+)\./.exec(subject);
  return match ? Number(match[1]) : null;
}
