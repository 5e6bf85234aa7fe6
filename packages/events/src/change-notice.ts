import { z } from 'zod';
import { ItemKind } from './item-kind.js';
import { Platform, TeamSlug } from './platform.js';

/** One item the projector wrote. */
export const ItemChange = z.object({
  itemId: z.string(),
  platform: Platform,
  kind: ItemKind,
  container: z.string().nullable(),
  change: z.enum(['upserted', 'removed']),
});
export type ItemChange = z.infer<typeof ItemChange>;

/**
 * What one committed projector batch changed for one team, published on `PIPE_CHANGES` after the
 * commit. `eventSeq` is the `PIPE_EVENTS` sequence of the batch's last event for this team.
 */
export const ChangeNotice = z.object({
  team: TeamSlug,
  projection: z.string(),
  eventSeq: z.number().int().positive(),
  committedAt: z.iso.datetime({ offset: true }),
  changes: z.array(ItemChange),
});
export type ChangeNotice = z.infer<typeof ChangeNotice>;
