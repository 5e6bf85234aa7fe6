import { EdgeType, ItemKind, Platform } from '@pipe/events';
import { z } from 'zod';

/** The allowed values of an enum schema, or undefined for any other schema. */
const allowedValues = (schema: z.ZodType): readonly string[] | undefined =>
  schema instanceof z.ZodEnum ? (schema.options as string[]) : undefined;

/**
 * One value or several, for filters that accept either (`"github"` or `["github", "slack"]`). A
 * value that fits neither is answered with what is allowed (zod's own union message is a bare
 * "Invalid input"), so a model can correct the call from the error alone.
 */
const oneOrMany = <T extends z.ZodType>(schema: T) => {
  const allowed = allowedValues(schema);
  const expected = allowed === undefined ? 'a value' : `one of ${allowed.join(', ')}`;
  return z
    .union([schema, z.array(schema).min(1).max(20)], {
      error: (issue) => {
        const input = JSON.stringify(issue.input) ?? String(issue.input);
        return `${input} is not allowed: expected ${expected}, or a list of 1 to 20 of them`;
      },
    })
    .transform((value) => (Array.isArray(value) ? value : [value]) as z.infer<T>[]);
};

/** An ISO 8601 instant (`2025-01-31` or `2025-01-31T09:00:00Z`). */
export const Instant = z
  .string()
  .refine((text) => /^\d{4}-\d{2}-\d{2}/.test(text) && !Number.isNaN(Date.parse(text)), {
    message: 'must be an ISO 8601 date or time, e.g. 2025-01-31 or 2025-01-31T09:00:00Z',
  })
  .transform((text) => new Date(text).toISOString());

/** Filters shared by the tools that list items. */
export const ItemFilters = {
  platform: oneOrMany(Platform).optional().describe('only these platforms: github, slack, jira, linear, notion, discord, assistant'),
  kind: oneOrMany(ItemKind).optional().describe('only these kinds: issue, pull_request, commit, review, comment, message, ticket, page, …'),
  container: z.string().min(1).optional().describe('only items in this repository, channel, project or space (e.g. octo/demo)'),
  person: z.string().min(1).optional().describe('only items by this person: a person id, handle, email or name'),
  state: oneOrMany(z.string().min(1)).optional().describe('only items in these states (open, closed, merged, …)'),
  since: Instant.optional().describe('only items updated at or after this ISO 8601 time'),
  until: Instant.optional().describe('only items updated before this ISO 8601 time'),
};

/** Edge types, for tools that follow relations. */
export const EdgeTypes = oneOrMany(EdgeType);

/** The common paging arguments. */
export const pagingArgs = (defaultLimit: number, maxLimit: number) => ({
  limit: z.number().int().min(1).max(maxLimit).default(defaultLimit).describe(`rows per page, 1 to ${maxLimit} (default ${defaultLimit})`),
  cursor: z.string().min(1).optional().describe('the nextCursor of a previous call with the same arguments, for the next page'),
});
