import { PipeEvent } from '@pipe/events';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type PageFetchJob, createContentFetcher } from './content-fetcher.js';
import { type FakeNotionApi, startFakeNotionApi } from './testing/fake-notion-api.js';

const PAGE = '153104cd-477e-809d-8dc4-ff2d96ae3090';
const TOKEN = 'ntn_test_token';
let api: FakeNotionApi;

beforeAll(async () => {
  api = await startFakeNotionApi(
    {
      [PAGE]: {
        title: 'Launch plan',
        paragraphs: ['Ship after ENG-42 lands.', 'Owner: the platform team.'],
        lastEditedTime: '2024-12-05T23:55:00.000Z',
      },
    },
    TOKEN,
  );
});
afterAll(async () => api?.close());

const job: PageFetchJob = {
  team: 'acme',
  eventId: '367cba44-b6f3-4c92-81e7-6a2e9659efd4',
  pageId: PAGE,
  eventVersion: Date.parse('2024-12-05T23:55:34.285Z'),
  receivedAt: '2024-12-05T23:55:40.000Z',
  base: {
    id: `notion:page:${PAGE}`,
    platform: 'notion',
    kind: 'page',
    title: '',
    body: '',
    url: null,
    state: null,
    container: 'ws',
    parentId: null,
    author: null,
    createdAt: null,
    updatedAt: null,
    version: Date.parse('2024-12-05T23:55:34.285Z'),
  },
};

function fetcherWith(token: string | null) {
  const published: { event: PipeEvent; msgId: string }[] = [];
  const fetcher = createContentFetcher({
    tokenFor: async () => token,
    publisher: {
      publishEvent: async (event, msgId) => {
        published.push({ event: PipeEvent.parse(event), msgId });
        return { stream: 'PIPE_EVENTS', seq: published.length, duplicate: false };
      },
    },
    logger: pino({ level: 'silent' }),
    baseUrl: api.baseUrl,
    initialRetryDelayMs: 50,
  });
  return { fetcher, published };
}

describe('the notion content fetcher', () => {
  it("publishes the page's title and text as a snapshot newer than the event's", async () => {
    const { fetcher, published } = fetcherWith(TOKEN);
    expect(await fetcher.run(job)).toBe('published');
    expect(published).toHaveLength(1);
    expect(published[0]?.msgId).toBe(`${job.team}:notion:${job.eventId}:content`);
    const event = published[0]?.event;
    expect(event?.type === 'item.observed' && event.data.item).toMatchObject({
      id: `notion:page:${PAGE}`,
      title: 'Launch plan',
      body: 'Ship after ENG-42 lands.\nOwner: the platform team.',
      url: 'https://www.notion.so/153104cd477e809d8dc4ff2d96ae3090',
      container: 'ws',
      // last_edited_time is rounded to the minute, older than the event: the event + 1 ms wins.
      version: job.eventVersion + 1,
    });
    expect(api.requests.at(-1)?.authorization).toBe(`Bearer ${TOKEN}`);
  });

  it("waits what Notion's 429 Retry-After says, then succeeds", async () => {
    const { fetcher, published } = fetcherWith(TOKEN);
    api.rateLimitNext(1, 1);
    const start = api.requests.length;
    expect(await fetcher.run(job)).toBe('published');
    const [limited, retried] = api.requests.slice(start);
    expect(retried && limited ? retried.at - limited.at : 0).toBeGreaterThanOrEqual(950);
    expect(published).toHaveLength(1);
  });

  it('skips cleanly when the team has no Notion API token', async () => {
    const { fetcher, published } = fetcherWith(null);
    const start = api.requests.length;
    expect(await fetcher.run(job)).toBe('no-token');
    expect(api.requests.length).toBe(start);
    expect(published).toEqual([]);
  });

  it('gives up without publishing when the token is refused', async () => {
    const { fetcher, published } = fetcherWith('wrong-token');
    expect(await fetcher.run(job)).toBe('failed');
    expect(published).toEqual([]);
  });

  it('runs queued jobs after enqueue returns', async () => {
    const { fetcher, published } = fetcherWith(TOKEN);
    fetcher.enqueue(job);
    expect(published).toEqual([]);
    await fetcher.idle();
    expect(published).toHaveLength(1);
  });
});
