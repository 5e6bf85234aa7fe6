import { Client } from '@notionhq/client';
import { type ItemObserved, type ItemSnapshot, createEvent } from '@pipe/events';
import { type IngestIo, type IngestLogger, deliveryKey } from '../kit/index.js';
import { notionPageId } from './normalize/index.js';
import { blocksText, pageTitle } from './page-content.js';

/** A page whose content an event said changed. */
export interface PageFetchJob {
  team: string;
  /** The Notion event that asked for it; the content event's delivery and `Nats-Msg-Id` derive from it. */
  eventId: string;
  pageId: string;
  /** The event's version (its timestamp in ms): the fetched snapshot must outrank it. */
  eventVersion: number;
  receivedAt: string;
  /** The snapshot the event itself produced (parent, workspace), completed with the content. */
  base: ItemSnapshot;
}

/** Options of {@link createContentFetcher}. */
export interface ContentFetcherOptions {
  /** The team's Notion API token (an internal integration secret), or null when none is set. */
  tokenFor(team: string): Promise<string | null>;
  publisher: Pick<IngestIo, 'publishEvent'>;
  logger: IngestLogger;
  /** `https://api.notion.com` unless a test points it at a local server. */
  baseUrl?: string;
  /** Retries of one API call on 429/5xx; the client waits what `Retry-After` says on a 429. */
  maxRetries?: number;
  /** First back-off when Notion gives no `Retry-After` (doubles each time). */
  initialRetryDelayMs?: number;
}

/** What became of a job, for logs and tests. */
export type FetchOutcome = 'published' | 'no-token' | 'failed';

/** Fetches pages' content after their webhooks were answered. */
export interface ContentFetcher {
  /** Queues a fetch and returns at once: the webhook's answer never waits for Notion's API. */
  enqueue(job: PageFetchJob): void;
  /** Runs one job now (what the queue does), resolving with its outcome. */
  run(job: PageFetchJob): Promise<FetchOutcome>;
  /** Resolves when every queued job finished. */
  idle(): Promise<void>;
}

/**
 * Notion events carry ids, not content. When the team configured a Notion API token (stored
 * encrypted as its `notion-api-token` secret), this fetches the page's title and text through
 * the API (`@notionhq/client`: `pages.retrieve`, `blocks.children.list`) and publishes them as an
 * `item.observed` whose version outranks the event's snapshot. No token: the job is skipped.
 * Rate limits: the client retries 429s after the `Retry-After` Notion sends, and other
 * transient failures with exponential back-off; a job that still fails is logged and dropped —
 * the page's next event fetches again. Jobs run one at a time, in order, which also keeps the
 * service well under Notion's average of three requests per second.
 */
export function createContentFetcher(options: ContentFetcherOptions): ContentFetcher {
  let tail: Promise<unknown> = Promise.resolve();

  async function run(job: PageFetchJob): Promise<FetchOutcome> {
    const auth = await options.tokenFor(job.team);
    if (!auth) {
      options.logger.debug({ team: job.team, page: job.pageId }, 'no notion API token for the team: page content not fetched');
      return 'no-token';
    }
    const notion = new Client({
      auth,
      ...(options.baseUrl ? { baseUrl: options.baseUrl } : {}),
      retry: { maxRetries: options.maxRetries ?? 5, initialRetryDelayMs: options.initialRetryDelayMs ?? 1000, maxRetryDelayMs: 60_000 },
      timeoutMs: 20_000,
      // The client's own warnings (a 429 it is about to retry) go to the service log, not stderr.
      logger: (level, message, extra) => options.logger.debug({ notion: extra, level }, `notion client: ${message}`),
    });
    try {
      const page = (await notion.pages.retrieve({ page_id: job.pageId })) as {
        properties?: Record<string, unknown>;
        last_edited_time?: string;
        url?: string;
        in_trash?: boolean;
        archived?: boolean;
      };
      const blocks = await notion.blocks.children.list({ block_id: job.pageId, page_size: 100 });
      const lastEdited = page.last_edited_time ? Date.parse(page.last_edited_time) : 0;
      const snapshot: ItemSnapshot = {
        ...job.base,
        id: notionPageId(job.pageId),
        title: pageTitle(page),
        body: blocksText(blocks.results),
        url: page.url ?? job.base.url,
        // Notion rounds last_edited_time to the minute, so it can be older than the event itself.
        version: Math.max(lastEdited, job.eventVersion + 1),
        updatedAt: new Date(Math.max(lastEdited, job.eventVersion)).toISOString(),
      };
      const event = createEvent<ItemObserved>(
        {
          team: job.team,
          source: { platform: 'notion', deliveryId: job.eventId, receivedAt: job.receivedAt },
          occurredAt: snapshot.updatedAt ?? job.receivedAt,
        },
        { type: 'item.observed', data: { item: snapshot } },
      );
      // Per team, like every message id: another team's fetch for the same Notion event is its own.
      await options.publisher.publishEvent(event, `${job.team}:notion:${deliveryKey(job.eventId)}:content`);
      return 'published';
    } catch (error) {
      options.logger.warn(
        { err: error, team: job.team, page: job.pageId },
        'notion page content could not be fetched; the next event for the page fetches it again',
      );
      return 'failed';
    }
  }

  return {
    enqueue(job) {
      tail = tail.then(() => run(job)).catch(() => undefined);
    },
    run,
    idle: () => tail.then(() => undefined),
  };
}
