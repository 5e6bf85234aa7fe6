import { z } from 'zod';

/**
 * The parts of Jira Cloud webhook bodies the normaliser reads. Loose objects throughout: Jira
 * sends every field of the issue (custom ones under generated keys) and that must never be a 400.
 */

/** Jira's date-times (`2011-06-07T10:31:26.805-0500`): ISO 8601 with a `±hhmm` offset. */
export const JiraTime = z.string().refine((text) => !Number.isNaN(Date.parse(toIsoOffset(text))), 'not a date-time');

/** A person as Jira Cloud names them: by `accountId` (user names are gone from Cloud). */
export const JiraUser = z.looseObject({
  accountId: z.string().min(1),
  displayName: z.string().nullish(),
  emailAddress: z.string().nullish(),
  self: z.string().nullish(),
});
export type JiraUser = z.infer<typeof JiraUser>;

/** A rich-text field: a plain string from REST v2 webhooks, an Atlassian Document (ADF) from v3. */
export const JiraText = z.union([z.string(), z.looseObject({ type: z.string() })]).nullish();

/** One of `fields.issuelinks`: the other issue is named by key, on the side it sits. */
export const JiraIssueLinkField = z.looseObject({
  type: z.looseObject({ name: z.string() }),
  inwardIssue: z.looseObject({ id: z.string().optional(), key: z.string() }).optional(),
  outwardIssue: z.looseObject({ id: z.string().optional(), key: z.string() }).optional(),
});
export type JiraIssueLinkField = z.infer<typeof JiraIssueLinkField>;

/** An issue as webhook bodies carry it. */
export const JiraIssue = z.looseObject({
  id: z.string().min(1),
  key: z.string().regex(/^[A-Z][A-Z0-9_]*-\d+$/, 'a Jira issue key such as ACME-12'),
  self: z.string().nullish(),
  fields: z.looseObject({
    summary: z.string().nullish(),
    description: JiraText,
    created: JiraTime.nullish(),
    updated: JiraTime.nullish(),
    status: z.looseObject({ name: z.string() }).nullish(),
    project: z.looseObject({ key: z.string(), name: z.string().nullish() }).nullish(),
    reporter: JiraUser.nullish(),
    creator: JiraUser.nullish(),
    issuelinks: z.array(JiraIssueLinkField).nullish(),
  }),
});
export type JiraIssue = z.infer<typeof JiraIssue>;

/** A comment as webhook bodies carry it. */
export const JiraComment = z.looseObject({
  id: z.string().min(1),
  self: z.string().nullish(),
  body: JiraText,
  author: JiraUser.nullish(),
  updateAuthor: JiraUser.nullish(),
  created: JiraTime.nullish(),
  updated: JiraTime.nullish(),
});
export type JiraComment = z.infer<typeof JiraComment>;

/** `issueLink` of `issuelink_created` / `issuelink_deleted`: the two issues by numeric id only. */
export const JiraIssueLinkEntity = z.looseObject({
  id: z.union([z.number(), z.string()]),
  sourceIssueId: z.union([z.number(), z.string()]),
  destinationIssueId: z.union([z.number(), z.string()]),
  issueLinkType: z.looseObject({ name: z.string(), outwardName: z.string().nullish(), inwardName: z.string().nullish() }),
});
export type JiraIssueLinkEntity = z.infer<typeof JiraIssueLinkEntity>;

/** What every delivery carries: the event and when Jira raised it (epoch ms). */
export const JiraEnvelope = z.looseObject({
  webhookEvent: z.string().min(1),
  timestamp: z.number().int().nonnegative(),
});

/**
 * `-0500` → `-05:00`: ISO 8601 allows both, but not every parser does, so times are rewritten to
 * the form `Date.parse` is specified to accept.
 */
export function toIsoOffset(text: string): string {
  return text.replace(/([+-]\d{2})(\d{2})$/, '$1:$2');
}
