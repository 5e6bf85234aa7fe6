import { completable } from '@modelcontextprotocol/sdk/server/completable.js';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { GetPromptResult } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import { completeItemIds } from './queries/complete-items.js';
import type { ToolDeps } from './tools/tool-result.js';

const ask = (description: string, text: string): GetPromptResult => ({
  description,
  messages: [{ role: 'user', content: { type: 'text', text } }],
});

/**
 * The prompts: small recipes that compose the tools for the questions assistants are asked most.
 * They only phrase the question; the tools fetch the answer, so a prompt never goes stale.
 */
export function registerPrompts(server: McpServer, deps: Pick<ToolDeps, 'db' | 'team'>): void {
  const itemArgument = completable(z.string().min(1).describe('an item id or platform URL'), (typed) =>
    completeItemIds(deps.db, deps.team, typed ?? ''),
  );

  server.registerPrompt(
    'catch_me_up',
    {
      title: 'Catch me up on…',
      description: 'What is going on with a topic, an item or a project, and who is involved.',
      argsSchema: { topic: z.string().min(1).describe('a topic, item id, URL, repository or project') },
    },
    ({ topic }) =>
      ask(
        `Catch me up on ${topic}`,
        `Catch me up on "${topic}" using Pipe. Steps: (1) if it is an item id or URL, call get_item on it; otherwise call search ` +
          `with query "${topic}" (as a question if that is how it was asked: search reads natural language) and get_item on the two or three best results. (2) Call timeline with item (or container) set to ` +
          `what you found, for the last two weeks. (3) Call related with depth 2 for blockers and linked work. Then answer in a few ` +
          `lines: current status, what changed recently (with dates), who is involved, and what is blocked or open. Cite item ids.`,
      ),
  );

  server.registerPrompt(
    'what_blocks',
    {
      title: 'What blocks…',
      description: 'The chain of items blocking an item, and their state.',
      argsSchema: { item: itemArgument },
    },
    ({ item }) =>
      ask(
        `What blocks ${item}`,
        `What blocks ${item}? Call related with id "${item}", types ["BLOCKS"], direction "incoming" and depth 3, then get_item ` +
          `on each unfinished blocker. Answer with the chain of blockers (nearest first), each with its state, owner and last ` +
          `activity, and say which one to unblock first.`,
      ),
  );

  server.registerPrompt(
    'who_knows',
    {
      title: 'Who knows about…',
      description: 'The people who worked on or discussed a topic.',
      argsSchema: { topic: z.string().min(1).describe('a topic, component, item or keyword') },
    },
    ({ topic }) =>
      ask(
        `Who knows about ${topic}`,
        `Who knows about "${topic}"? Call search with query "${topic}" (limit 20), then get_item on the best results to see ` +
          `authors, reviewers and mentions, and timeline for who acted on them. Call people on the names that recur. Answer with ` +
          `up to five people, each with why (the items they authored, reviewed or discussed, with ids) and how to reach them.`,
      ),
  );
}
