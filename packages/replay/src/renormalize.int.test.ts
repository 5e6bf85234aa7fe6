import { randomUUID } from 'node:crypto';
import examples from '@octokit/webhooks-examples' with { type: 'json' };
import type { PipeEvent } from '@pipe/events';
import { github } from '@pipe/platforms';
import { type IngestHarness, createIngestHarness } from '@pipe/ingest-kit/testing';
import { projectUntilCaughtUp } from '@pipe/projector/testing';
import pino from 'pino';
import { signGithubBody } from '@pipe/platforms/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Normalizer, renormalize } from './renormalize.js';
import { replay } from './replay.js';

const issuesOpened = () =>
  structuredClone(
    (examples as unknown as { name: string; examples: { action?: string }[] }[])
      .find((e) => e.name === 'issues')
      ?.examples.find((e) => e.action === 'opened'),
  );

describe('pipe replay --renormalize', () => {
  let h: IngestHarness;
  beforeEach(async () => {
    h = await createIngestHarness(github.ingest);
  });
  afterEach(() => h.cleanup());

  it('re-runs a better normaliser over PIPE_RAW, once, and a rebuild shows what it derives', async () => {
    const body = JSON.stringify(issuesOpened());
    const response = await h.post(body, {
      headers: {
        'x-github-event': 'issues',
        'x-github-delivery': randomUUID(),
        'x-hub-signature-256': await signGithubBody(h.secret as string, body),
      },
    });
    expect(response.statusCode).toBe(202);
    const logger = pino({ level: 'silent' });
    await projectUntilCaughtUp({ db: h.testDb.db, bus: h.bus, names: h.bus.names, logger });
    const before = await h.testDb.db.selectFrom('items').select(['id', 'title']).execute();

    // "Today's" normaliser got better: it marks item titles.
    const better: Normalizer = async (delivery) => {
      const result = await github.ingest.normalize(delivery);
      if (result.outcome !== 'events') return result;
      const events = result.events.map(
        (e): PipeEvent =>
          e.type === 'item.observed' ? { ...e, data: { item: { ...e.data.item, title: `[v2] ${e.data.item.title}` } } } : e,
      );
      return { outcome: 'events', events };
    };
    const normalizers = new Map([['github', better]]);
    const first = await renormalize(h.bus, h.bus.names, normalizers);
    expect(first).toMatchObject({ deliveries: 1, unchanged: 0, failed: [] });
    expect(first.written).toBeGreaterThan(0);
    const again = await renormalize(h.bus, h.bus.names, normalizers);
    expect(again).toMatchObject({ deliveries: 1, written: 0, unchanged: first.written });

    const swapped = await replay({ databaseUrl: h.testDb.url, bus: h.bus, names: h.bus.names, mode: 'swap' });
    expect(swapped.swapped).toBe(true);
    const after = await h.testDb.db.selectFrom('items').select(['id', 'title']).execute();
    expect(after.map((i) => i.id).sort()).toEqual(before.map((i) => i.id).sort());
    expect(after.every((i) => i.title.startsWith('[v2] '))).toBe(true);
  });

  it('reports deliveries of platforms it has no normaliser for', async () => {
    const body = JSON.stringify(issuesOpened());
    await h.post(body, {
      headers: {
        'x-github-event': 'issues',
        'x-github-delivery': randomUUID(),
        'x-hub-signature-256': await signGithubBody(h.secret as string, body),
      },
    });
    const report = await renormalize(h.bus, h.bus.names, new Map());
    expect(report).toEqual({ deliveries: 1, written: 0, unchanged: 0, unsupported: { github: 1 }, failed: [] });
  });
});
