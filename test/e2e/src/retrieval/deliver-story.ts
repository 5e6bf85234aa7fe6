import { settled } from '../history/evaluate.js';
import { type HistoryStack, startHistoryStack } from '../history/history-stack.js';
import { notionVerification } from '../history/deliveries/index.js';
import { deliverHistory } from '../history/send.js';
import { RETRIEVAL_NOTION_PAGES, retrievalStory } from './story/index.js';

/** The team the retrieval story is delivered to. */
export const RETRIEVAL_TEAM = 'acme-retrieval';

/** A stack holding the delivered story, and what its ingest services answered. */
export interface StoryStack {
  stack: HistoryStack;
  deliveries: number;
  /** Deliveries an ingest service did not accept (should be none). */
  refused: string[];
}

/**
 * Starts the history's stack (seven ingest services, projector, gateway, own Postgres and NATS)
 * serving the story's Notion pages, delivers the retrieval story signed over HTTP to one fresh
 * team and waits for the projector to catch up. The caller stops the stack.
 */
export async function deliverStory(): Promise<StoryStack> {
  const stack = await startHistoryStack([RETRIEVAL_TEAM], RETRIEVAL_NOTION_PAGES);
  try {
    const verification = notionVerification();
    for (const team of stack.teams) {
      const response = await fetch(team.urls.notion, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(verification),
      });
      if (!response.ok) throw new Error(`the Notion verification request was answered ${response.status}: ${await response.text()}`);
      await stack.setNotionApiToken(team.slug);
    }
    const story = retrievalStory();
    const answers = await deliverHistory(stack.teams, story, verification.verification_token);
    await settled(stack, 30_000);
    const refused = answers
      .filter((answer) => answer.status >= 300)
      .map((answer) => `${answer.delivery.note}: ${answer.status} ${answer.body}`);
    return { stack, deliveries: story.length, refused };
  } catch (error) {
    await stack.stop();
    throw error;
  }
}
