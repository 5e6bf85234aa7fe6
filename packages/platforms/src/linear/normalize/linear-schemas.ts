import { z } from 'zod';

/**
 * The parts of Linear webhook bodies the normaliser reads: the documented envelope and the
 * entity fields of Linear's webhook schema. Loose objects: Linear adds fields freely.
 */

/** Who did it: a user, an OAuth client or an integration (`actor.type`). */
export const LinearActor = z.looseObject({
  id: z.string().min(1),
  type: z.string().nullish(),
  name: z.string().nullish(),
  email: z.string().nullish(),
  url: z.string().nullish(),
});
export type LinearActor = z.infer<typeof LinearActor>;

/** Every data change event: `action` is create, update or remove; `type` the entity. */
export const LinearEnvelope = z.looseObject({
  action: z.string().min(1),
  type: z.string().min(1),
  actor: LinearActor.nullish(),
  createdAt: z.iso.datetime({ offset: true }),
  url: z.string().nullish(),
  updatedFrom: z.record(z.string(), z.unknown()).nullish(),
  webhookTimestamp: z.number(),
});

/** A user as child objects carry them (`creator`, `assignee`). */
export const LinearUser = z.looseObject({
  id: z.string().min(1),
  name: z.string().nullish(),
  email: z.string().nullish(),
  url: z.string().nullish(),
});
export type LinearUser = z.infer<typeof LinearUser>;

const Timestamp = z.iso.datetime({ offset: true });

/** `IssueWebhookPayload`: what Pipe reads of it. */
export const LinearIssue = z.looseObject({
  id: z.string().min(1),
  identifier: z.string().regex(/^[A-Z][A-Z0-9_]*-\d+$/, 'a Linear identifier such as ENG-42'),
  title: z.string(),
  description: z.string().nullish(),
  url: z.string().nullish(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
  team: z.looseObject({ key: z.string(), name: z.string().nullish() }).nullish(),
  /** The project the issue is in, when it is in one (`ProjectChildWebhookPayload`). */
  project: z.looseObject({ id: z.string().min(1), name: z.string(), url: z.string().nullish() }).nullish(),
  state: z.looseObject({ name: z.string() }).nullish(),
  creator: LinearUser.nullish(),
  creatorId: z.string().nullish(),
});
export type LinearIssue = z.infer<typeof LinearIssue>;

/** `CommentWebhookPayload`: the issue it belongs to is named by id, and by identifier in `issue`. */
export const LinearComment = z.looseObject({
  id: z.string().min(1),
  body: z.string(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
  issueId: z.string().nullish(),
  issue: z.looseObject({ identifier: z.string(), title: z.string().nullish() }).nullish(),
  user: LinearUser.nullish(),
  userId: z.string().nullish(),
});
export type LinearComment = z.infer<typeof LinearComment>;

/** `ProjectWebhookPayload` */
export const LinearProject = z.looseObject({
  id: z.string().min(1),
  name: z.string(),
  description: z.string().nullish(),
  content: z.string().nullish(),
  url: z.string().nullish(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
  status: z.looseObject({ name: z.string() }).nullish(),
  lead: LinearUser.nullish(),
});
export type LinearProject = z.infer<typeof LinearProject>;

/** The GraphQL `IssueRelation` entity; both issues must be named by identifier. */
export const LinearIssueRelation = z.looseObject({
  id: z.string().min(1),
  type: z.string(),
  updatedAt: Timestamp,
  issue: z.looseObject({ identifier: z.string() }).nullish(),
  relatedIssue: z.looseObject({ identifier: z.string() }).nullish(),
});
export type LinearIssueRelation = z.infer<typeof LinearIssueRelation>;
