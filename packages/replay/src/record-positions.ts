import type { Database } from '@pipe/db';
import type { Kysely } from 'kysely';

/** The live projector's checkpoints: a rebuilt model carries on from the same positions. */
export const PROJECTOR_PROJECTION = 'projector';

/**
 * The rebuilt model reflects each partition up to its last applied event: the live projector's
 * checkpoints, written once per pass and only ever moved forward.
 */
export async function recordPositions(db: Kysely<Database>, positions: ReadonlyMap<number, number>): Promise<void> {
  for (const [partition, lastSeq] of positions) {
    await db
      .insertInto('checkpoints')
      .values({ projection: PROJECTOR_PROJECTION, partition: `p${partition}`, last_seq: lastSeq })
      .onConflict((oc) =>
        oc.columns(['projection', 'partition']).doUpdateSet((eb) => ({
          last_seq: eb.fn('greatest', [eb.ref('checkpoints.last_seq'), eb.val(lastSeq)]),
          updated_at: new Date(),
        })),
      )
      .execute();
  }
}
