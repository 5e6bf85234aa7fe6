import { z } from 'zod';

/**
 * The shape every Notion webhook event shares (Notion's "Event types & delivery" reference). The
 * events carry ids, not content: `entity` is what changed, `data` holds its parent and, for
 * comments, the page.
 */
export const NotionEvent = z.looseObject({
  /** The event's id; Notion keeps it across delivery attempts, so it is the dedup key. */
  id: z.string().min(1),
  timestamp: z.iso.datetime({ offset: true }),
  workspace_id: z.string().min(1),
  workspace_name: z.string().nullish(),
  type: z.string().min(1),
  authors: z.array(z.looseObject({ id: z.string().min(1), type: z.string() })).default([]),
  entity: z.looseObject({ id: z.string().min(1), type: z.string() }),
  data: z
    .looseObject({
      parent: z.looseObject({ id: z.string(), type: z.string() }).nullish(),
      page_id: z.string().nullish(),
    })
    .default({}),
});
export type NotionEvent = z.infer<typeof NotionEvent>;
