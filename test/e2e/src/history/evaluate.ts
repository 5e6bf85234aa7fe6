import { setTimeout as sleep } from 'node:timers/promises';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { DELETED_MARKER, type HistoryDelivery, notionVerification, teamHistory } from './deliveries/index.js';
import { readExpected } from './expected.js';
import { type HistoryStack, startHistoryStack } from './history-stack.js';
import { type UrlAnswer, openUrls } from './open-urls.js';
import { type ReadBack, readBackDeletedText } from './read-back.js';
import { type TeamScore, scoreTeam } from './score.js';
import { type DeliveryAnswer, deliverHistory } from './send.js';

/** The two fresh teams every run delivers the same history to. */
export const HISTORY_TEAMS = ['acme', 'acme-two'] as const;

/** What one run measured. */
export interface HistoryEvaluation {
  deliveries: number;
  platforms: string[];
  answers: DeliveryAnswer[];
  /** Per team: its graph's score, the URLs it opened, and where a deleted text was served back. */
  teams: (TeamScore & { urls: UrlAnswer[]; readBack: ReadBack[] })[];
  elapsedMs: number;
}

/**
 * Polls until the projector has caught up: its checkpoints reach the last event in the stream and
 * the read model has stopped changing for a moment (a partition may still be behind the newest).
 */
export async function settled(stack: HistoryStack, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  let stableSince = Date.now();
  for (;;) {
    await stack.notionFetchesIdle();
    const counts = await Promise.all(
      ['items', 'edges', 'activities'].map(async (table) => {
        const rows = await stack.db
          .selectFrom(table as 'items')
          .select(({ fn }) => fn.countAll<string>().as('n'))
          .executeTakeFirstOrThrow();
        return rows.n;
      }),
    );
    const checkpoints = await stack.db.selectFrom('checkpoints').select(['partition', 'last_seq']).execute();
    const reached = Math.max(0, ...checkpoints.map((checkpoint) => Number(checkpoint.last_seq)));
    const now = JSON.stringify([counts, checkpoints]);
    if (now !== last) {
      last = now;
      stableSince = Date.now();
    } else if (reached >= (await stack.lastEventSeq()) && Date.now() - stableSince > 1000) return;
    if (Date.now() > deadline) return;
    await sleep(100);
  }
}

/**
 * Delivers the whole history, signed over HTTP, to two fresh teams in one stack (the same
 * deliveries to both), waits for the projector, scores each team's graph against the
 * hand-written targets, asks the gateway to open every expected URL, and asks its tools for
 * the deleted text.
 */
export async function evaluateHistory(): Promise<HistoryEvaluation> {
  const started = Date.now();
  const expected = readExpected();
  const history: HistoryDelivery[] = teamHistory();
  const stack = await startHistoryStack(HISTORY_TEAMS);
  try {
    // Each team's Notion subscription is verified first, then its API token stored.
    const verification = notionVerification();
    for (const team of stack.teams) {
      const response = await fetch(team.urls.notion, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(verification),
      });
      if (!response.ok)
        throw new Error(`the Notion verification request for ${team.slug} was answered ${response.status}: ${await response.text()}`);
      await stack.setNotionApiToken(team.slug);
    }
    const answers = await deliverHistory(stack.teams, history, verification.verification_token);
    await settled(stack, 20_000);
    const teams = await Promise.all(
      stack.teams.map(async (team) => {
        const client = new Client({ name: 'history', version: '1.0.0' });
        await client.connect(
          new StreamableHTTPClientTransport(new URL(stack.mcpUrl), {
            requestInit: { headers: { Authorization: `Bearer ${team.apiKey}` } },
          }),
        );
        try {
          return {
            ...(await scoreTeam(stack.db, team.slug, expected, DELETED_MARKER)),
            urls: await openUrls(client, stack.db, team.slug, expected),
            readBack: await readBackDeletedText(client, DELETED_MARKER, [...expected.removed.keys()]),
          };
        } finally {
          await client.close();
        }
      }),
    );
    return {
      deliveries: history.length,
      platforms: [...new Set(history.map((delivery) => delivery.platform))],
      answers,
      teams,
      elapsedMs: Date.now() - started,
    };
  } finally {
    await stack.stop();
  }
}
