import type { LiveFeed } from './live-feed.js';

/**
 * A platform's API side, next to its webhook side (`IngestPlatform`): how a team's API credential
 * is checked (`pipe connect`) and what a backfill reads (`services/sync`). Each module keeps its
 * client and plan in its own `api/` folder.
 */

/** A team's stored API credential for one platform. */
export interface ApiCredential {
  /** The token as the platform issued it (Jira Cloud: `email:api-token`). */
  token: string;
  /** The API's base URL when it is not the platform's public one (GitHub Enterprise Server, a Jira site). */
  apiUrl: string | null;
}

/** Who the platform says the credential belongs to. */
export interface VerifiedAccount {
  /** The account's name as the platform shows it (`octocat`, `pipe-bot in Acme`). */
  account: string;
  /** What the credential may read, when the platform says (OAuth scopes). */
  scopes: string[] | null;
}

/** Why a credential cannot be used. Crosses the CLI and the sync service as `code` + message. */
export type ApiCredentialErrorCode =
  /** The platform refused the credential (401/403, `invalid_auth`): a new one is needed. */
  | 'CREDENTIAL_REJECTED'
  /** The credential works but lacks what a backfill reads (scopes, intents). */
  | 'CREDENTIAL_INSUFFICIENT'
  /** The platform needs an API URL and none was given (a Jira site). */
  | 'API_URL_REQUIRED'
  /** What the job names does not exist or the credential cannot see it (a mistyped repository). */
  | 'NOT_FOUND'
  /** The API could not be reached, kept failing or kept rate-limiting: nothing was decided. */
  | 'API_UNREACHABLE';

/** A credential check or an API call that failed for the reason its `code` names. */
export class ApiCredentialError extends Error {
  override readonly name = 'ApiCredentialError';
  constructor(
    readonly code: ApiCredentialErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** What one page of a backfill read: API records, and where to go on from after them. */
export interface BackfillPage {
  records: SyncedRecord[];
  /** The plan's position after this page (JSON): a job resumed with it reads on from the next page. */
  cursor: unknown;
  /** Pages the plan expects in all for its current phase, when the API says (`Link: rel="last"`). */
  expectedPages?: number | null;
}

/**
 * One API record, as the sync service stores it: `body` becomes the `PIPE_RAW` record (the API's
 * JSON and the context the record needs to be read alone, such as the issue a comment is on) and
 * goes through the module's normaliser like a webhook delivery would.
 */
export interface SyncedRecord {
  /** The API resource (`issue`, `issue_comment`, `review`…); the normaliser dispatches on it. */
  resource: string;
  /** `{ record, context }`: what `PIPE_RAW` keeps. */
  body: { record: unknown; context?: unknown };
  /** The item the record is the snapshot of. */
  itemId: string;
  /** The source's version of it (`updated_at` in epoch ms): an equal or newer stored one makes it a no-op. */
  version: number;
}

/** What a backfill plan is handed for one job. */
export interface BackfillContext {
  credential: ApiCredential;
  /** What the job covers (a repository `owner/name`, a channel id, a project key). */
  scope: string;
  /** Records updated before this are left out. */
  since: Date;
  /** The position a previous run of the job saved, or null to start. */
  cursor: unknown;
  /** Aborted when the job must stop (drain, cancel): the plan stops at the next page. */
  signal: AbortSignal;
  /** How the client waits before retrying a 5xx (the first wait, ms; the service's `SYNC_RETRY_BASE_MS`). */
  retryBaseMs?: number;
}

/**
 * Which read-model containers hold a scope's items: the scope itself (a repository, a Jira project
 * key, a Linear team key), any that ends with a suffix (Slack's `<workspace>/<channel>` for a channel
 * scope), or every container of the platform (Notion's one scope is everything the team shared).
 */
export type ScopeContainers = { is: string } | { endsWith: string } | 'all';

/**
 * What a full pass over one scope lists completely, so that what the read model holds of it that
 * the pass did not list was deleted at the source (`item.removed`). Only a complete listing may
 * imply a deletion — an incremental pass never does — and only for items inside the pass's window.
 */
export interface CompleteListing {
  /** The kinds listed in full (a Jira issue, not its comments: search returns an issue's latest comments only). */
  kinds: readonly string[];
  /** The containers the scope's items carry. */
  containers(scope: string): ScopeContainers;
  /**
   * The time the listing's window is on. `updated`: every item changed since the window's start is
   * listed (GitHub's `since`, JQL `updated >=`, Linear's `updatedAt` filter, Notion's search by last
   * edit). `posted`: an item is listed when it was posted since the window's start and so was the
   * thread it replies in (Slack's `oldest`: an old message edited lately, or a reply in a thread
   * started before the window, is not listed and so not removed).
   */
  window: 'updated' | 'posted';
  /**
   * For a listing that may miss what exists (Notion's search is not exhaustive): asks the platform
   * about the items the pass did not list and returns those it says are gone. Without it, an item
   * a complete listing did not show is gone.
   */
  confirmGone?(credential: ApiCredential, itemIds: readonly string[], signal: AbortSignal): Promise<string[]>;
}

/** What a platform's backfill reads. */
export interface BackfillPlan {
  /** What a full pass lists completely (deletions it reveals), or null: a full pass removes nothing. */
  listing: CompleteListing | null;
  /** What a scope is, for help and errors: `repositories, as owner/name`, `channel ids, such as C0123ABCD`. */
  scopeHint: string;
  /** Every scope a credential can read, when a sync names none (the repositories a token sees). */
  scopes(credential: ApiCredential, signal: AbortSignal): Promise<string[]>;
  /** Checks a scope's spelling before a job is queued (`owner/name`), returning why not or null. */
  scopeProblem(scope: string): string | null;
  /** The records of one scope, page by page, from `cursor`; each page's cursor is saved before the next is read. */
  pages(context: BackfillContext): AsyncIterable<BackfillPage>;
}

/** A module's API side. */
export interface PlatformApi {
  /** The public API base, or null when every connection must say its own (a Jira site). */
  defaultApiUrl: string | null;
  /** What to pass as `--token`: its kind and the permissions it needs (`pipe connect --help`, errors). */
  credentialHint: string;
  /** Asks the platform who the credential is; throws {@link ApiCredentialError}. */
  checkCredential(credential: ApiCredential, signal?: AbortSignal): Promise<VerifiedAccount>;
  /** What a backfill reads; absent while the platform's backfill is not built yet. */
  backfill?: BackfillPlan;
  /** A connection Pipe holds to receive the platform's events live (Discord's Gateway); absent for webhook platforms. */
  liveFeed?: LiveFeed;
}

/**
 * The raw-record header that marks a `PIPE_RAW` record a backfill wrote: its value is the API
 * resource. A webhook request never carries it (ingest keeps only a platform's `rawHeaders`), so a
 * module's `normalize` can tell synced records from deliveries, live and in replay.
 */
export const SYNC_RESOURCE_HEADER = 'pipe-sync-resource';
