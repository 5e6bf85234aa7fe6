import { z } from 'zod';
import { EdgeType, ItemKind } from './item-kind.js';
import { Platform, TeamSlug } from './platform.js';

/** The envelope's schema version; bump it (and keep reading the old one) when a shape changes. */
export const SCHEMA_VERSION = 1;

const Timestamp = z.iso.datetime({ offset: true });

/** Where an event came from: the platform and its delivery, as received. */
export const EventSource = z.object({
  platform: Platform,
  /** The platform's delivery id (e.g. `X-GitHub-Delivery`); redeliveries share it. */
  deliveryId: z.string().min(1),
  /** When Pipe received the delivery. */
  receivedAt: Timestamp,
});
export type EventSource = z.infer<typeof EventSource>;

/** A person as one platform knows them. */
export const IdentityRef = z.object({
  platform: Platform,
  /** The platform's stable id for the person (GitHub user id, Slack user id…). */
  externalId: z.string().min(1),
  /** The handle people type (`octocat`, `U123`). */
  handle: z.string().nullable(),
});
export type IdentityRef = z.infer<typeof IdentityRef>;

/** A snapshot of an item as the source showed it at `version`. */
export const ItemSnapshot = z.object({
  id: z.string().min(1),
  platform: Platform,
  kind: ItemKind,
  title: z.string(),
  /**
   * True when Pipe made the title up because the item has none of its own (`Comment on ACME-12:
   * <the title>`, a message's first line): rules that read what the source wrote skip it.
   * Absent (older events, and every title the source wrote) means the source wrote it.
   */
  titleComposed: z.boolean().optional(),
  body: z.string(),
  /** The platform link a human can open. */
  url: z.string().nullable(),
  /** open, closed, merged, … as the source names it. */
  state: z.string().nullable(),
  /**
   * The repository, channel, project, database or space that holds the item, as that container
   * item's natural key (`octo/demo`, `T1/C2`, `ACME`): the projector links the two via `containerRef`.
   */
  container: z.string().nullable(),
  /**
   * The platform of the container when it is not the item's own: a Claude Code session whose git
   * remote is on GitHub is PART_OF `github:repository:<owner/repo>`. Absent (older events, and most
   * items) means the item's own platform.
   */
  containerPlatform: Platform.optional(),
  /** The thread, issue or page this item belongs to. */
  parentId: z.string().nullable(),
  author: IdentityRef.nullable(),
  createdAt: Timestamp.nullable(),
  updatedAt: Timestamp.nullable(),
  /**
   * The source's version of this snapshot, increasing with every change (for GitHub, the
   * `updated_at` in milliseconds). An older version never overwrites a newer one.
   */
  version: z.number().int().nonnegative(),
});
export type ItemSnapshot = z.infer<typeof ItemSnapshot>;

const base = {
  /** Unique and sortable by creation (a ULID). */
  id: z.string().length(26),
  schemaVersion: z.literal(SCHEMA_VERSION),
  team: TeamSlug,
  source: EventSource,
  /** When it happened at the source. */
  occurredAt: Timestamp,
};

export const ItemObserved = z.object({
  ...base,
  type: z.literal('item.observed'),
  data: z.object({ item: ItemSnapshot }),
});

export const ItemRemoved = z.object({
  ...base,
  type: z.literal('item.removed'),
  data: z.object({ itemId: z.string().min(1), platform: Platform, kind: ItemKind, version: z.number().int().nonnegative() }),
});

/** A relation the source itself states (a PR that closes an issue, a Jira "blocks" link…). */
export const LinkObserved = z.object({
  ...base,
  type: z.literal('link.observed'),
  data: z.object({
    from: z.string().min(1),
    to: z.string().min(1),
    edge: EdgeType,
    /** True when the source says the relation was removed. */
    removed: z.boolean(),
  }),
});

/** Something somebody did to an item: opened, merged, commented, pushed, reviewed… */
export const ActivityObserved = z.object({
  ...base,
  type: z.literal('activity.observed'),
  data: z.object({
    /** Stable across redeliveries, so the timeline holds each activity once. */
    activityId: z.string().min(1),
    itemId: z.string().min(1),
    verb: z.string().min(1),
    actor: IdentityRef.nullable(),
    summary: z.string(),
  }),
});

/** A person on a platform. */
export const IdentityObserved = z.object({
  ...base,
  type: z.literal('identity.observed'),
  data: z.object({
    identity: IdentityRef,
    name: z.string().nullable(),
    email: z.string().nullable(),
    url: z.string().nullable(),
  }),
});

/** A verified delivery Pipe does not normalise (yet): kept so it is visible, never a failure. */
export const DeliverySkipped = z.object({
  ...base,
  type: z.literal('delivery.skipped'),
  data: z.object({ event: z.string(), action: z.string().nullable(), reason: z.string() }),
});

/** A human said two identities are one person (`pipe people link`). */
export const PersonLinked = z.object({
  ...base,
  type: z.literal('person.linked'),
  data: z.object({ identities: z.tuple([IdentityRef, IdentityRef]) }),
});

/** A human split an identity off its person (`pipe people unlink`); email no longer merges it. */
export const PersonUnlinked = z.object({
  ...base,
  type: z.literal('person.unlinked'),
  data: z.object({ identity: IdentityRef }),
});

/** Every event Pipe stores in `PIPE_EVENTS`. */
export const PipeEvent = z.discriminatedUnion('type', [
  ItemObserved,
  ItemRemoved,
  LinkObserved,
  ActivityObserved,
  IdentityObserved,
  DeliverySkipped,
  PersonLinked,
  PersonUnlinked,
]);
export type PipeEvent = z.infer<typeof PipeEvent>;
export type PipeEventType = PipeEvent['type'];
export type ItemObserved = z.infer<typeof ItemObserved>;
export type ItemRemoved = z.infer<typeof ItemRemoved>;
export type LinkObserved = z.infer<typeof LinkObserved>;
export type ActivityObserved = z.infer<typeof ActivityObserved>;
export type IdentityObserved = z.infer<typeof IdentityObserved>;
export type DeliverySkipped = z.infer<typeof DeliverySkipped>;
export type PersonLinked = z.infer<typeof PersonLinked>;
export type PersonUnlinked = z.infer<typeof PersonUnlinked>;
