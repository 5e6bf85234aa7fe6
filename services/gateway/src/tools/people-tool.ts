import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { Platform } from '@pipe/events';
import { z } from 'zod';
import { Activity } from '../items/item-shapes.js';
import { findPeople } from '../queries/people.js';
import { cursorScope, decodeCursor, keyString } from './cursor.js';
import { pagingArgs } from './filters.js';
import { PageFields, moreLine, paginate } from './page.js';
import { type ToolDeps, registerReadOnlyTool, toolSuccess } from './tool-result.js';
import { nullable, toolInput } from './tool-schema.js';

/** The arguments of `people`. */
export const PeopleInput = toolInput({
  query: z.string().min(1).max(200).optional().describe('part of a name, handle or email (omit to list everyone)'),
  id: z.string().min(1).optional().describe('exactly this person id'),
  platform: z.array(Platform).min(1).optional().describe('only people with an identity on these platforms'),
  recent: z.number().int().min(0).max(10).default(3).describe('how many of each person’s latest activities to include (default 3)'),
  ...pagingArgs(10, 50),
});

const Identity = z.object({
  platform: z.string(),
  externalId: z.string(),
  handle: nullable(z.string()),
  name: nullable(z.string()),
  email: nullable(z.string()),
  url: nullable(z.string()),
});

/** The result of `people`. */
export const PeopleOutput = z.object({
  people: z.array(
    z.object({
      id: z.string().describe('person id; use it as the person filter of search and timeline'),
      name: nullable(z.string()),
      email: nullable(z.string()),
      identities: z.array(Identity).describe('the person on each platform'),
      recent: z.array(Activity).describe('what they did lately, newest first'),
    }),
  ),
  ...PageFields,
});
/** The result of `people`. */
export type PeopleOutput = z.infer<typeof PeopleOutput>;

function peopleText(output: PeopleOutput): string {
  if (output.people.length === 0) return 'Nobody matches.';
  const lines = output.people.flatMap((person) => [
    `- ${person.name ?? person.id} (${person.id})${person.email ? ` <${person.email}>` : ''}: ${person.identities.map((i) => `${i.platform}:${i.handle ?? i.externalId}`).join(', ')}`,
    ...person.recent.map((a) => `    ${a.occurredAt} ${a.verb} ${a.itemId}`),
  ]);
  return [...lines, moreLine('people', output)].join('\n');
}

/** Registers `people`: find a person, their identities per platform, and what they touched lately. */
export function registerPeopleTool(server: McpServer, deps: ToolDeps): void {
  registerReadOnlyTool(server, deps, 'people', {
    title: 'People',
    description:
      'Find people by name, handle or email: each with their identities on every platform (one person across GitHub, Slack, Jira…) ' +
      'and what they did lately. Use a person’s id as the person filter of search and timeline.',
    inputSchema: PeopleInput,
    outputSchema: PeopleOutput,
    run: async (args) => {
      const { cursor, limit, ...defining } = args;
      const scope = cursorScope('people', defining);
      const key = cursor === undefined ? undefined : decodeCursor(scope, cursor, 'people');
      const people = await findPeople(deps.db, {
        team: deps.team,
        limit,
        recent: args.recent,
        ...(args.query ? { query: args.query } : {}),
        ...(args.id ? { personId: args.id } : {}),
        ...(args.platform ? { platform: args.platform } : {}),
        ...(key ? { after: keyString(key, 0) } : {}),
      });
      const response = paginate(
        people.map((person) => ({ value: person, key: [person.id] })),
        limit,
        scope,
        (page) => {
          const output: PeopleOutput = { people: page.items, nextCursor: page.nextCursor, cut: page.cut };
          return { structured: output, text: peopleText(output) };
        },
      );
      return toolSuccess(response.structured, response.text);
    },
  });
}
