import { randomUUID } from 'node:crypto';
import { type IngestHarness, createIngestHarness } from '@pipe/ingest-kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { github } from '@pipe/platforms';
import { githubExample, signGithubBody } from '@pipe/platforms/testing';

describe('GET /metrics on ingest-github', () => {
  let h: IngestHarness;
  beforeAll(async () => {
    h = await createIngestHarness(github.ingest);
  });
  afterAll(() => h.cleanup());

  const count = (text: string, outcome: string) =>
    Number(new RegExp(`^pipe_webhooks_total\\{platform="github",outcome="${outcome}"\\} (\\d+)$`, 'm').exec(text)?.[1] ?? 0);
  const metrics = async () => (await h.app.inject({ method: 'GET', url: '/metrics' })).body;

  it('counts webhooks by platform and outcome, and times the JetStream publishes', async () => {
    const before = await metrics();
    const body = JSON.stringify(githubExample('issues', 'opened'));
    const delivery = randomUUID();
    const headers = (signature: string) => ({
      'x-github-event': 'issues',
      'x-github-delivery': delivery,
      'x-hub-signature-256': signature,
    });
    expect((await h.post(body, { headers: headers(await signGithubBody(h.secret as string, body)) })).statusCode).toBe(202);
    expect((await h.post(body, { headers: headers(await signGithubBody(h.secret as string, body)) })).statusCode).toBe(202);
    expect((await h.post(body, { headers: headers(await signGithubBody('wrong', body)) })).statusCode).toBe(401);

    const response = await h.app.inject({ method: 'GET', url: '/metrics' });
    expect(response.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    const after = response.body;
    expect(count(after, 'accepted') - count(before, 'accepted')).toBe(1);
    expect(count(after, 'duplicate') - count(before, 'duplicate')).toBe(1);
    expect(count(after, 'SIGNATURE_INVALID') - count(before, 'SIGNATURE_INVALID')).toBe(1);
    expect(after).toMatch(/^pipe_jetstream_publish_duration_seconds_count\{stream="raw",outcome="ok"\} [1-9]/m);
    expect(after).toMatch(/^pipe_webhook_duration_seconds_count\{platform="github"\} [1-9]/m);
  });
});
