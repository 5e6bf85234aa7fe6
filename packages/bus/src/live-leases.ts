import type { JetStreamManager } from '@nats-io/jetstream';
import type { StreamNames } from './stream-names.js';

/**
 * The key-value bucket of live-connection leases (the sync service holds one Discord Gateway
 * session per connection across its instances): `PIPE_LIVE_LEASES` under the namespace's prefix,
 * kept in the stream `KV_<bucket>`. An entry lapses when its holder stops renewing it.
 */
export const liveLeaseBucket = (names: StreamNames): string => names.events.replace(/PIPE_EVENTS$/, 'PIPE_LIVE_LEASES');

/** A connection's key in the bucket: `<team>.<platform>` (both valid key tokens). */
export const liveLeaseKey = (team: string, platform: string): string => `${team}.${platform}`;

/** What a lease says: who holds the live connection, since when, and whether its session is open yet. */
export interface LiveLease {
  /** The sync instance holding it. */
  holder: string;
  /** When it took the connection (ISO). */
  since: string;
  /** False while the session is being opened. */
  open: boolean;
}

/**
 * The lease of a team's live connection to `platform`, or null when no instance holds it (never
 * taken, lapsed, or let go). Read straight from the bucket's stream, so a reader (the gateway's
 * `sources`, `pipe status`) needs no key-value client.
 */
export async function readLiveLease(jsm: JetStreamManager, names: StreamNames, team: string, platform: string): Promise<LiveLease | null> {
  const bucket = liveLeaseBucket(names);
  const message = await jsm.streams
    .getMessage(`KV_${bucket}`, { last_by_subj: `$KV.${bucket}.${liveLeaseKey(team, platform)}` })
    .catch(() => null);
  // A deletion leaves a marker (`KV-Operation: DEL`) rather than no message.
  if (!message || message.header?.get('KV-Operation')) return null;
  try {
    const lease = JSON.parse(message.string()) as Partial<LiveLease>;
    return { holder: String(lease.holder ?? ''), since: String(lease.since ?? ''), open: lease.open === true };
  } catch {
    return null;
  }
}
