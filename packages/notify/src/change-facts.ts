/**
 * What the notifier knows about one change of one item when it matches rules and writes a
 * message: read from the read model right after the projector announced the change.
 */
export interface ChangeFacts {
  itemId: string;
  team: string;
  platform: string;
  kind: string;
  container: string | null;
  change: 'upserted' | 'removed';
  title: string;
  url: string | null;
  state: string | null;
  /** Who did it: the latest activity's actor, else the item's author; null when unknown. */
  who: string | null;
  /** What changed, in a few words: the latest activity's summary, else `updated` / `removed`. */
  what: string;
  /** Every name the people involved go by (handles, names, emails of their linked identities), lower case. */
  people: string[];
  /** Edges from this item: their type and the platform of the item they point at (null: not seen yet). */
  edgesOut: { type: string; toPlatform: string | null }[];
  /** Types of the edges pointing at this item. */
  edgesIn: string[];
  /** When the projector committed the change (ISO). */
  at: string;
}
