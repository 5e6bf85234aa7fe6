import { type AccessScope, createSignInLink } from '@pipe/db';
import { TeamSlug } from '@pipe/events';
import { z } from 'zod';
import { UsageError } from '../command.js';
import type { CliConfig } from '../config.js';
import { requireTeam } from '../require-team.js';
import { publicUrls } from '../service-ports.js';
import { withDb } from '../with-db.js';

/** A sign-in link as `pipe login-link` prints it. */
export interface LoginLink {
  id: string;
  team: string;
  email: string | null;
  scope: AccessScope;
  /** The link: the gateway's sign-in page, with the one-time code in the fragment (never sent to a server log). */
  url: string;
  /** The code alone, for pasting. */
  code: string;
  expiresAt: string;
}

const Email = z.email();

/** The team of `pipe login-link <team>`, validated. */
export function loginLinkTeam(value: string | undefined): string {
  const team = TeamSlug.safeParse(value);
  if (!team.success) throw new UsageError('the team is missing or not a team slug: pipe login-link <team> [--email you@example.com]');
  return team.data;
}

/** `--email`, validated when given. */
export function loginLinkEmail(value: unknown): string | null {
  if (value === undefined) return null;
  const email = Email.safeParse(value);
  if (!email.success)
    throw new UsageError(`--email '${String(value)}' is not an email address; it names who the link is for, in the audit log`);
  return email.data.toLowerCase();
}

/** `--minutes`, the link's lifetime: 1 to 1440 (a day), default 30. */
export function loginLinkMinutes(value: unknown): number {
  if (value === undefined) return 30;
  const minutes = Number(value);
  if (!Number.isInteger(minutes) || minutes < 1 || minutes > 1440) {
    throw new UsageError(`--minutes must be a whole number from 1 to 1440, not '${String(value)}'`);
  }
  return minutes;
}

/**
 * `pipe login-link`: a one-time link with which one person signs an MCP client in to the team
 * over OAuth. It works once, for a short time, and grants at most its scope.
 */
export async function loginLink(
  config: CliConfig,
  options: { team: string; email: string | null; scope: AccessScope; minutes: number },
): Promise<LoginLink> {
  return withDb(config, async (db) => {
    await requireTeam(db, options.team);
    const link = await createSignInLink(db, {
      team: options.team,
      email: options.email,
      scope: options.scope,
      ttlMs: options.minutes * 60_000,
    });
    const gateway = publicUrls(options.team, config.PIPE_PUBLIC_URL).mcpUrl.replace(/\/mcp$/, '');
    return {
      id: link.id,
      team: link.team,
      email: link.email,
      scope: link.scope,
      url: `${gateway}/oauth/sign-in#${link.code}`,
      code: link.code,
      expiresAt: link.expiresAt.toISOString(),
    };
  });
}
