import { z } from 'zod';

/** The canonical kinds of item, shared by every platform. */
export const ItemKind = z.enum([
  'issue',
  'pull_request',
  'commit',
  'review',
  'comment',
  'message',
  'thread',
  'ticket',
  'page',
  'document',
  'release',
  // Containers: what holds items (an item's `container` names one of these).
  'repository',
  'channel',
  'project',
  /** A Linear team. */
  'team',
  /** A Notion database (its id keeps the older `notion:document:` form). */
  'database',
  /** A workspace, when nothing smaller holds an item (a Notion workspace). */
  'space',
  'session',
  // What an AI assistant's session touched and was asked (ingest-assistant).
  'file',
  'prompt',
  // A git branch or tag (GitHub create/delete events).
  'branch',
  'tag',
]);
export type ItemKind = z.infer<typeof ItemKind>;

/** The typed relations of the graph. */
export const EdgeType = z.enum([
  'REFERENCES',
  'MENTIONS',
  'REPLIES_TO',
  'BLOCKS',
  'DUPLICATES',
  'RELATES_TO',
  'CLOSES',
  'AUTHORED_BY',
  'PART_OF',
  /** An assistant session read or changed a file. */
  'TOUCHES',
  /** An assistant session made a commit. */
  'PRODUCED',
]);
export type EdgeType = z.infer<typeof EdgeType>;
