import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import type { WebhookDefinition } from '@octokit/webhooks-examples';
import { type IngestHarness, createIngestHarness } from '@pipe/ingest-kit/testing';
import { signGithubBody } from '@pipe/platforms/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { github } from '@pipe/platforms';

const definitions = createRequire(import.meta.url)('@octokit/webhooks-examples') as WebhookDefinition[];

describe('every example in @octokit/webhooks-examples, signed', () => {
  let h: IngestHarness;
  beforeAll(async () => (h = await createIngestHarness(github.ingest)));
  afterAll(() => h.cleanup());

  it('is answered 2xx — normalised, or recorded as skipped — and never 4xx or 5xx', async () => {
    const failures: string[] = [];
    let answered = 0;
    let normalised = 0;
    for (const definition of definitions) {
      for (const [n, example] of definition.examples.entries()) {
        const body = JSON.stringify(example);
        const response = await h.post(body, {
          headers: {
            'x-github-event': definition.name,
            'x-github-delivery': randomUUID(),
            'x-hub-signature-256': await signGithubBody(h.secret as string, body),
          },
        });
        answered += 1;
        const action = (example as { action?: string }).action ?? '-';
        if (response.statusCode < 200 || response.statusCode > 299) {
          failures.push(`${definition.name}.${action} #${n}: ${response.statusCode} ${response.body}`);
        } else if ((response.json() as { events?: number }).events) normalised += 1;
      }
    }
    expect(failures).toEqual([]);
    expect(answered).toBeGreaterThan(300);
    expect(normalised).toBeGreaterThan(100);
  });
});
