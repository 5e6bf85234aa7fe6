import { z } from 'zod';

/** Every platform Pipe ingests from; `pipe` marks events Pipe itself emits (e.g. people links). */
export const Platform = z.enum(['github', 'slack', 'jira', 'linear', 'notion', 'discord', 'assistant', 'pipe']);
export type Platform = z.infer<typeof Platform>;

/**
 * A team (tenant) slug. It is a NATS subject token and part of every row's key, so it is kept to
 * lowercase letters, digits and dashes.
 */
export const TeamSlug = z
  .string()
  .regex(
    /^[a-z0-9][a-z0-9-]{0,38}[a-z0-9]$|^[a-z0-9]$/,
    'a team slug is 1-40 lowercase letters, digits or dashes, not starting or ending with a dash',
  );
export type TeamSlug = z.infer<typeof TeamSlug>;
