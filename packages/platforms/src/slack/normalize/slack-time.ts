/**
 * Slack timestamps (`ts`, `event_ts`: `"1355517523.000005"`) are seconds with a six-digit
 * sequence part, and a message's `ts` is its id within the channel. Versions keep all of it
 * (microseconds), so two edits in one millisecond still order.
 */

const SLACK_TS = /^(\d+)(?:\.(\d{1,6}))?$/;

/** True when `value` has the shape of a Slack `ts`. */
export const isSlackTs = (value: string): boolean => SLACK_TS.test(value);

/** A Slack `ts` as integer microseconds since the epoch: a snapshot version. */
export function tsVersion(ts: string): number {
  const match = SLACK_TS.exec(ts);
  if (!match) return 0;
  return Number(match[1]) * 1_000_000 + Number((match[2] ?? '').padEnd(6, '0'));
}

/** A Slack `ts` as an ISO 8601 time (milliseconds). */
export const tsIso = (ts: string): string => new Date(Math.floor(tsVersion(ts) / 1000)).toISOString();

/** Epoch seconds (`event_time`, a channel's `created`) as ISO 8601. */
export const secondsIso = (seconds: number): string => new Date(seconds * 1000).toISOString();

/** Epoch seconds as a version comparable with {@link tsVersion}. */
export const secondsVersion = (seconds: number): number => seconds * 1_000_000;
