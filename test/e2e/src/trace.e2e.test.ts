import { setTimeout as sleep } from 'node:timers/promises';
import { SpanKind } from '@opentelemetry/api';
import { installTestTracing } from '@pipe/telemetry/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type E2eStack, startE2eStack } from './e2e-stack.js';
import { issuesOpened, signedGithubDelivery } from './github-deliveries.js';

// Tracing on with an in-memory exporter, exactly as OTEL_EXPORTER_OTLP_ENDPOINT turns it on in a service.
const tracing = installTestTracing();

describe('one trace per webhook, across ingest, NATS, the projector and the gateway', () => {
  let stack: E2eStack;
  beforeAll(async () => {
    stack = await startE2eStack();
  });
  afterAll(() => stack?.stop());

  it('follows a GitHub delivery from the webhook request to the gateway notification', async () => {
    const payload = issuesOpened();
    payload.issue.title = 'Trace the wombat';
    const response = await fetch(stack.ingestUrl, await signedGithubDelivery(stack.webhookSecret, 'issues', payload));
    expect(response.status).toBe(202);

    const webhook = tracing.spans().find((s) => s.kind === SpanKind.SERVER && s.name === 'POST /webhooks/github/:team');
    expect(webhook).toBeDefined();
    const traceId = webhook!.spanContext().traceId;
    const inTrace = () => tracing.spans().filter((s) => s.spanContext().traceId === traceId);
    // The last hop happens asynchronously (projector, then the gateway's feed): wait for it, without a time assertion.
    for (let i = 0; i < 500 && !inTrace().some((s) => s.name === 'notify PIPE_CHANGES'); i += 1) await sleep(20);

    const names = new Set(inTrace().map((s) => s.name));
    expect([...names]).toEqual(
      expect.arrayContaining([
        'POST /webhooks/github/:team',
        'publish raw',
        'publish events',
        'projector apply_batch',
        'publish changes',
        'notify PIPE_CHANGES',
      ]),
    );
    expect([...names].some((name) => /^process .*PIPE_EVENTS$/.test(name))).toBe(true);
    expect([...names].some((name) => / batch$/.test(name))).toBe(true);
    // The batch span carries what it applied.
    const batch = inTrace().find((s) => s.name === 'projector apply_batch');
    expect(batch?.attributes['messaging.batch.message_count']).toBeGreaterThan(0);
    expect(batch?.attributes['pipe.batch.last_seq']).toBeGreaterThanOrEqual(batch?.attributes['pipe.batch.first_seq'] as number);
  });
});
