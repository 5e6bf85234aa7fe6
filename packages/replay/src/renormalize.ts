import { createHash } from 'node:crypto';
import { type Bus, type StreamNames, openStreamReader, publishEvent, rawWildcard } from '@pipe/bus';
import { type PipeEvent, Platform } from '@pipe/events';
import { type IngestDelivery, type NormalizeResult, deliveryKey } from '@pipe/platforms';
import { readRawDelivery } from '@pipe/ingest-kit';

/** Today's normaliser of a platform, run over a kept raw delivery. */
export type Normalizer = (delivery: IngestDelivery) => NormalizeResult | Promise<NormalizeResult>;

/** What re-running the normalisers did. */
export interface RenormalizeReport {
  /** Raw deliveries read from `PIPE_RAW`. */
  deliveries: number;
  /** Events written to the log that it did not hold yet. */
  written: number;
  /** Events identical to ones a previous run already wrote (skipped by their message id). */
  unchanged: number;
  /** Deliveries of platforms without a normaliser here, by platform. */
  unsupported: Record<string, number>;
  /** Deliveries a normaliser refused (their payload no longer parses, …). */
  failed: { platform: string; deliveryId: string; error: string }[];
}

/**
 * Re-runs today's normalisers over the verified deliveries kept in `PIPE_RAW` and appends the
 * events they derive to the log — for when a normaliser got better. Each event's message id is
 * built from the delivery, its position and a hash of what it says, so running this twice stores
 * it once, while a normaliser that now says something new gets its event stored. The new events
 * carry newer event ids, so at an equal source version they win over what the old normaliser
 * wrote; a rebuild then applies them everywhere.
 */
export async function renormalize(
  bus: Bus,
  names: StreamNames,
  normalizers: ReadonlyMap<string, Normalizer>,
  options: { team?: string; signal?: AbortSignal; onProgress?(done: number, total: number): void } = {},
): Promise<RenormalizeReport> {
  const report: RenormalizeReport = { deliveries: 0, written: 0, unchanged: 0, unsupported: {}, failed: [] };
  const filter = options.team ? `${names.subjectRoot}.raw.${options.team}.>` : rawWildcard(names);
  const reader = await openStreamReader(bus.js, { stream: names.raw, filterSubject: filter });
  const total = reader.pending;
  if (total === 0) {
    await reader.close();
    return report;
  }
  const messages = await reader.messages({ bufferSize: 1000, ...(options.signal ? { signal: options.signal } : {}) });
  try {
    for await (const msg of messages) {
      report.deliveries += 1;
      const raw = readRawDelivery(msg.data, msg.headers);
      const normalize = Platform.safeParse(raw.platform).success ? normalizers.get(raw.platform) : undefined;
      if (!normalize) {
        report.unsupported[raw.platform] = (report.unsupported[raw.platform] ?? 0) + 1;
      } else {
        try {
          const body = Buffer.from(raw.body);
          const result = await normalize({ ...raw, rawBody: body, payload: JSON.parse(body.toString('utf8')) });
          if (result.outcome === 'events') {
            for (const [n, event] of result.events.entries()) {
              const receipt = await publishEvent(bus.js, names, event, {
                msgId: renormalizedMsgId(raw.team, raw.platform, raw.deliveryId, n, event),
              });
              if (receipt.duplicate) report.unchanged += 1;
              else report.written += 1;
            }
          }
        } catch (error) {
          report.failed.push({
            platform: raw.platform,
            deliveryId: raw.deliveryId,
            error: error instanceof Error ? error.message : String(error),
          });
        }
      }
      options.onProgress?.(report.deliveries, total);
      if (msg.info.pending === 0) break;
    }
  } finally {
    await reader.close();
  }
  if (options.signal?.aborted) throw options.signal.reason ?? new Error('aborted');
  return report;
}

/**
 * `renorm:<team>:<platform>:<delivery>:<n>:<hash of the event's type and data>`: per team like every
 * message id (two teams' copies of one delivery are two), and per content (each version of a
 * delivery PIPE_RAW keeps is re-run on its own).
 */
function renormalizedMsgId(team: string, platform: string, deliveryId: string, n: number, event: PipeEvent): string {
  const digest = createHash('sha256').update(event.type).update(JSON.stringify(event.data)).digest('hex').slice(0, 16);
  return `renorm:${team}:${platform}:${deliveryKey(deliveryId)}:${n}:${digest}`;
}
