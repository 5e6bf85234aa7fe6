import type { Platform } from '@pipe/events';

/**
 * The `PIPE_RAW` record of one verified delivery, so normalisers can be re-run over history
 * (`pipe replay --renormalize`):
 *
 * - subject: `rawSubject(names, team, platform)` from `@pipe/bus`, i.e. `<root>.raw.<team>.<platform>`;
 * - `Nats-Msg-Id`: `raw:<team>:<platform>:<deliveryId>:<content hash>` (`rawMsgId` in
 *   `@pipe/platforms`): a redelivery is kept once per team, a changed body under the same delivery
 *   id is kept beside the first as a new version;
 * - data: the request body, byte for byte as received;
 * - NATS headers: `Pipe-Team`, `Pipe-Platform`, `Pipe-Delivery-Id`, `Pipe-Received-At` (ISO 8601),
 *   plus each of the platform's `rawHeaders` that the request carried, under its lowercase name
 *   (`x-github-event`, …).
 *
 * A record is written only for a delivery that passed verification, parsed, was not a handshake,
 * and normalised without a payload error; it is acknowledged before any of the delivery's events.
 * {@link rawRecordHeaders} writes the headers and {@link readRawDelivery} reads a record back.
 */
export interface RawDelivery {
  team: string;
  platform: Platform;
  deliveryId: string;
  receivedAt: string;
  /** The kept request headers (lowercase names). */
  headers: Record<string, string>;
  body: Uint8Array;
}

/** The NATS header names of a raw record's own fields. */
export const RAW_HEADERS = Object.freeze({
  team: 'Pipe-Team',
  platform: 'Pipe-Platform',
  deliveryId: 'Pipe-Delivery-Id',
  receivedAt: 'Pipe-Received-At',
});

const OWN = new Set(Object.values(RAW_HEADERS).map((name) => name.toLowerCase()));

/** The NATS headers of a raw record. */
export function rawRecordHeaders(raw: Omit<RawDelivery, 'body'>): Record<string, string> {
  return {
    ...raw.headers,
    [RAW_HEADERS.team]: raw.team,
    [RAW_HEADERS.platform]: raw.platform,
    [RAW_HEADERS.deliveryId]: raw.deliveryId,
    [RAW_HEADERS.receivedAt]: raw.receivedAt,
  };
}

/** A raw record that lacks one of the `Pipe-*` headers. */
export class RawRecordError extends Error {
  override readonly name = 'RawRecordError';
  readonly code = 'RAW_RECORD_INVALID';
}

/** The slice of a NATS message's headers that {@link readRawDelivery} uses. */
export interface RawHeaderSource {
  keys(): string[];
  get(key: string): string;
}

/** Reads a `PIPE_RAW` message back into the delivery it recorded. */
export function readRawDelivery(data: Uint8Array, headers: RawHeaderSource | undefined): RawDelivery {
  const all: Record<string, string> = {};
  for (const key of headers?.keys() ?? []) all[key.toLowerCase()] = headers?.get(key) ?? '';
  const own = (name: string): string => {
    const value = all[name.toLowerCase()];
    if (!value) throw new RawRecordError(`the PIPE_RAW record has no ${name} header`);
    return value;
  };
  const kept: Record<string, string> = {};
  for (const [key, value] of Object.entries(all)) {
    if (!OWN.has(key) && !key.startsWith('nats-')) kept[key] = value;
  }
  return {
    team: own(RAW_HEADERS.team),
    platform: own(RAW_HEADERS.platform) as Platform,
    deliveryId: own(RAW_HEADERS.deliveryId),
    receivedAt: own(RAW_HEADERS.receivedAt),
    headers: kept,
    body: data,
  };
}
