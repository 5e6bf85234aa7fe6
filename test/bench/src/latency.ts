import { setTimeout as sleep } from 'node:timers/promises';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { issuesOpened, signedGithubDelivery, startE2eStack } from '@pipe/e2e';
import { row, summarize } from './stats.js';

/**
 * Webhook → searchable: how long from POSTing a signed GitHub `issues.opened` delivery until an
 * MCP client's `search` finds it, through ingest-github, JetStream, the projector, Postgres and
 * the gateway. Baselines from the same run: the ingest answer alone (the event is durable in
 * JetStream) and one MCP search round trip (the floor of any "is it there yet" poll).
 */
export async function latencyBench(samples = Number(process.env.BENCH_SAMPLES ?? 200)): Promise<void> {
  const stack = await startE2eStack('bench');
  const client = new Client({ name: 'bench', version: '1.0.0' });
  await client.connect(
    new StreamableHTTPClientTransport(new URL(stack.mcpUrl), { requestInit: { headers: { Authorization: `Bearer ${stack.apiKey}` } } }),
  );
  const acked: number[] = [];
  const searchable: number[] = [];
  const searchRoundTrip: number[] = [];
  try {
    for (let i = 0; i < samples; i++) {
      const payload = issuesOpened();
      const word = `latency${i}x${Date.now().toString(36)}`;
      payload.issue.number = 10_000 + i;
      payload.issue.body = `Benchmark issue ${word}, fixes #${i + 1}`;
      const request = await signedGithubDelivery(stack.webhookSecret, 'issues', payload);
      const start = performance.now();
      const response = await fetch(stack.ingestUrl, request);
      if (response.status !== 202) throw new Error(`ingest answered ${response.status}: ${await response.text()}`);
      acked.push(performance.now() - start);
      for (;;) {
        const before = performance.now();
        const result = await client.callTool({ name: 'search', arguments: { query: word } });
        searchRoundTrip.push(performance.now() - before);
        if ((result.structuredContent as { items: unknown[] }).items.length > 0) break;
        await sleep(1);
      }
      searchable.push(performance.now() - start);
      if (process.stdout.isTTY) process.stdout.write(`\r${i + 1}/${samples}`);
    }
  } finally {
    await client.close();
    await stack.stop();
  }
  if (process.stdout.isTTY) process.stdout.write('\r');
  console.log(`webhook → searchable, ${samples} sequential deliveries (node ${process.version})`);
  console.log(row('baseline: MCP search round trip', summarize(searchRoundTrip)));
  console.log(row('baseline: webhook → 202 (durable)', summarize(acked)));
  console.log(row('webhook → found by MCP search', summarize(searchable)));
}
