import type { Bus, StreamNames } from '@pipe/bus';
import { type CheckpointKey, type StreamIdentity, StreamMismatchError } from '@pipe/projection';

/** `PIPE_EVENTS`'s identity as stream info tells it now. */
export async function streamIdentity(bus: Pick<Bus, 'jsm'>, names: Pick<StreamNames, 'events'>): Promise<StreamIdentity> {
  const info = await bus.jsm.streams.info(names.events);
  return { name: names.events, created: info.created, lastSeq: info.state.last_seq };
}

/** A look at `PIPE_EVENTS` every few seconds while a partition runs: `changed` aborts when it was recreated under it. */
export interface StreamWatch {
  changed: AbortSignal;
  stop(): void;
}

/**
 * Looks at `PIPE_EVENTS` every `everyMs` while a partition runs: when its `created` time is no
 * longer `created` (the stream was deleted and made again under the running projector), `changed`
 * aborts with a {@link StreamMismatchError}, which stops the partition's consumer.
 */
export function watchStream(
  bus: Pick<Bus, 'jsm'>,
  names: Pick<StreamNames, 'events'>,
  key: CheckpointKey,
  created: string,
  everyMs: number,
): StreamWatch {
  const changed = new AbortController();
  const timer = setInterval(async () => {
    const now = await streamIdentity(bus, names).catch(() => null);
    if (!now || now.created === created || changed.signal.aborted) return;
    changed.abort(
      new StreamMismatchError(
        key,
        `${now.name} was recreated while the partition ran (created ${created}, now ${now.created}): this partition is stopped rather than skip its events; run \`pipe replay\` to rebuild the read models from the stream as it is now`,
      ),
    );
  }, everyMs);
  timer.unref();
  return { changed: changed.signal, stop: () => clearInterval(timer) };
}
