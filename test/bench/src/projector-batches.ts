/** What a projector process's /metrics say of its batches so far. */
export interface ProjectorBatches {
  batches: number;
  events: number;
  applySeconds: number;
}

/** Reads the batch histograms (count and sum) of the projector serving `/metrics` at `baseUrl`. */
export async function projectorBatches(baseUrl: string): Promise<ProjectorBatches> {
  const text = await (await fetch(`${baseUrl}/metrics`)).text();
  const value = (name: string) => Number(new RegExp(`^${name}(?:\\{outcome="ok"\\})? ([0-9.e+-]+)$`, 'm').exec(text)?.[1] ?? Number.NaN);
  return {
    batches: value('pipe_projector_batch_size_count'),
    events: value('pipe_projector_batch_size_sum'),
    applySeconds: value('pipe_projector_apply_duration_seconds_sum'),
  };
}

/** The batches between two readings, as a line for a benchmark's report. */
export function describeBatches(before: ProjectorBatches, after: ProjectorBatches, seconds: number): string {
  const batches = after.batches - before.batches;
  const events = after.events - before.events;
  const applying = after.applySeconds - before.applySeconds;
  return `projector: ${Math.round(batches / seconds)} batches/s of ${(events / Math.max(1, batches)).toFixed(1)} events on average, each applied and committed in ${((applying * 1000) / Math.max(1, batches)).toFixed(1)} ms on average (busy ${((100 * applying) / seconds).toFixed(0)} % of the time)`;
}
