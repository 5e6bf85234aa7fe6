import { type IngestLookups, type PlatformModule, storableEvents } from '@pipe/platforms';
import type { Normalizer } from './renormalize.js';

/**
 * Today's normaliser of every platform module, for re-running over `PIPE_RAW`.
 * Verification is not repeated (a raw record was verified when it arrived), and the I/O after
 * storing (learning keys, fetching content from a platform's API, whose results are already
 * events in the log) never runs. The I/O before normalising (`enrich`: issue keys learnt earlier, a
 * team's opt-in) runs with `lookups`, or is skipped on purpose when there are none —
 * each normaliser then uses its defaults. Events are made storable exactly as ingest makes them
 * (`storableEvents`: NUL and lone surrogates replaced; a delivery that cannot be stored is reported failed).
 */
export function platformNormalizers(modules: readonly PlatformModule[], lookups?: IngestLookups): Map<string, Normalizer> {
  const normalizers = new Map<string, Normalizer>();
  for (const { name, ingest } of modules) {
    normalizers.set(name, async (delivery) => {
      const context = lookups && ingest.enrich ? await ingest.enrich(delivery, lookups) : undefined;
      const result = await ingest.normalize(delivery, context);
      return result.outcome === 'events' ? { ...result, events: storableEvents(result.events, name) } : result;
    });
  }
  return normalizers;
}
