import type { WebClient } from '@slack/web-api';
import { loadOnFirstUse } from '../../kit/load-on-first-use.js';

// A CommonJS package: Node's ESM loader sees its exports only through the default import.
// The package is CommonJS: its classes come on the default export.
const slackWebApi = loadOnFirstUse(async () => (await import('@slack/web-api')).default);
import {
  ApiCredentialError,
  type ApiCredential,
  type BackfillContext,
  type BackfillPage,
  type BackfillPlan,
  type SyncedRecord,
} from '../../kit/platform-api.js';
import { slackMessageId } from '../ids.js';
import { isPostedMessage } from '../normalize/message.js';
import { tsVersion } from '../normalize/slack-time.js';

const SLACK_API_URL = 'https://slack.com/api/';
const CHANNEL = /^[CG][A-Z0-9]{2,}$/;
const PAGE = 200;

/** Where a channel's backfill stands: the workspace, and the history page to read next. */
export interface SlackCursor {
  teamId: string;
  next: string | null;
}

interface SlackMessageRecord {
  ts: string;
  subtype?: string;
  thread_ts?: string;
  reply_count?: number;
  edited?: { ts: string };
}

/**
 * A Slack client for one bot token (`@slack/web-api`): it waits out 429s for as long as
 * `Retry-After` says, and retries failed requests with backoff (its `fiveRetriesInFiveMinutes`).
 */
export async function createSlackClient(credential: ApiCredential): Promise<WebClient> {
  const { WebClient: SlackWebClient, retryPolicies } = await slackWebApi();
  const base = credential.apiUrl ?? SLACK_API_URL;
  return new SlackWebClient(credential.token, {
    slackApiUrl: base.endsWith('/') ? base : `${base}/`,
    retryConfig: retryPolicies.fiveRetriesInFiveMinutes,
    rejectRateLimitedCalls: false,
    logLevel: undefined,
    logger: {
      debug: () => undefined,
      info: () => undefined,
      warn: () => undefined,
      error: () => undefined,
      setLevel: () => undefined,
      getLevel: () => 'error' as never,
      setName: () => undefined,
    },
  });
}

/** What a Web API failure means for the connection (see `ApiCredentialError`). */
function slackError(error: unknown, what: string): ApiCredentialError {
  if (error instanceof ApiCredentialError) return error;
  const code = (error as { data?: { error?: string } }).data?.error;
  const message = error instanceof Error ? error.message : String(error);
  if (code && ['invalid_auth', 'not_authed', 'account_inactive', 'token_revoked', 'token_expired'].includes(code))
    return new ApiCredentialError('CREDENTIAL_REJECTED', `Slack refused the token on ${what} (${code})`, { cause: error });
  if (code === 'missing_scope')
    return new ApiCredentialError('CREDENTIAL_INSUFFICIENT', `the Slack token lacks a scope ${what} needs (${message})`, { cause: error });
  if (code === 'channel_not_found' || code === 'not_in_channel')
    return new ApiCredentialError('NOT_FOUND', `Slack: ${what}: ${code}; invite the bot to the channel (/invite @bot)`, { cause: error });
  return new ApiCredentialError('API_UNREACHABLE', `Slack did not answer ${what}: ${message}`, { cause: error });
}

/**
 * A Slack channel's backfill: its history since the window's start, page by page
 * (`conversations.history`, `next_cursor`), with the replies of every thread on the page
 * (`conversations.replies`). Scopes are channel ids; without any, every public channel the bot is in.
 */
export const slackBackfill: BackfillPlan = {
  // A channel's messages carry the container `<workspace>/<channel>`. History lists by posting time
  // (`oldest`) and a thread's replies only with its root: the window is on posting.
  listing: { kinds: ['message'], containers: (channel) => ({ endsWith: `/${channel}` }), window: 'posted' },
  scopeHint: 'channel ids, such as C0123ABCD (public channels the bot is in)',
  scopeProblem: (scope) =>
    CHANNEL.test(scope) ? null : `'${scope}' is not a Slack channel id (C0123ABCD): find it in the channel's details`,

  async scopes(credential, signal) {
    const client = await createSlackClient(credential);
    const channels: string[] = [];
    try {
      for await (const page of client.paginate('conversations.list', { types: 'public_channel', exclude_archived: true, limit: PAGE })) {
        if (signal.aborted) break;
        for (const channel of ((page as { channels?: unknown[] }).channels ?? []) as { id: string; is_member?: boolean }[])
          if (channel.is_member) channels.push(channel.id);
      }
    } catch (error) {
      throw slackError(error, 'conversations.list');
    }
    return channels;
  },

  pages: (context) => channelPages(context),
};

async function* channelPages(context: BackfillContext): AsyncGenerator<BackfillPage> {
  const client = await createSlackClient(context.credential);
  const channel = context.scope;
  const oldest = (context.since.getTime() / 1000).toFixed(6);
  try {
    const saved = context.cursor as SlackCursor | null;
    const teamId = saved?.teamId ?? String((await client.auth.test()).team_id);
    let next = saved?.next ?? undefined;
    for (;;) {
      const history = await client.conversations.history({ channel, oldest, limit: PAGE, ...(next ? { cursor: next } : {}) });
      const records: SyncedRecord[] = [];
      for (const message of (history.messages ?? []) as SlackMessageRecord[]) {
        // A notice is no item (its webhook is skipped too); a tombstone is a deleted root: not listed, so removed.
        if (isPostedMessage(message.subtype)) records.push(messageRecord(teamId, channel, message));
        if ((message.reply_count ?? 0) > 0 && message.thread_ts === message.ts) {
          for await (const replies of client.paginate('conversations.replies', { channel, ts: message.ts, oldest, limit: PAGE })) {
            for (const reply of ((replies as { messages?: unknown[] }).messages ?? []) as SlackMessageRecord[])
              if (reply.ts !== message.ts && isPostedMessage(reply.subtype)) records.push(messageRecord(teamId, channel, reply));
          }
        }
      }
      next = history.response_metadata?.next_cursor || undefined;
      yield { records, cursor: next ? { teamId, next } : null };
      if (!next || context.signal.aborted) return;
    }
  } catch (error) {
    throw slackError(error, `the history of ${channel}`);
  }
}

function messageRecord(teamId: string, channel: string, message: SlackMessageRecord): SyncedRecord {
  return {
    resource: 'message',
    body: { record: message, context: { teamId, channel } },
    itemId: slackMessageId(teamId, channel, message.ts),
    version: tsVersion(message.edited?.ts ?? message.ts),
  };
}
