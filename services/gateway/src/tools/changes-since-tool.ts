import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { ItemSummary, toItemSummary } from '../items/item-shapes.js';
import { fitResponse } from './page.js';
import { type ToolDeps, ToolFailure, registerReadOnlyTool, toolSuccess } from './tool-result.js';
import { nullable, toolInput } from './tool-schema.js';

/** Most notices read per call (a notice holds one projector batch of the team). */
const NOTICES_PER_CALL = 200;

const Cursor = z
  .union([
    z.number().int().min(0),
    z.string().regex(/^\d+(:\d+)?$/, 'must be a cursor returned by changes_since, such as "1042" or "1042:17"'),
  ])
  .transform((value) => {
    const [seq, index] = String(value).split(':');
    return { seq: Number(seq), index: index === undefined ? -1 : Number(index) };
  });

/** The arguments of `changes_since`. */
export const ChangesSinceInput = toolInput({
  cursor: Cursor.optional().describe('the cursor of a previous call (a PIPE_CHANGES sequence); omit it to get the current cursor'),
  limit: z.number().int().min(1).max(200).default(50).describe('most changes per call (default 50)'),
});

const Change = z.object({
  seq: z.number().int().describe('the PIPE_CHANGES sequence of the projector commit that made it'),
  committedAt: z.string(),
  change: z.enum(['upserted', 'removed']),
  itemId: z.string(),
  platform: z.string(),
  kind: z.string(),
  container: nullable(z.string()),
  item: nullable(ItemSummary).describe('the item as it is now (null once removed)'),
});

/** The result of `changes_since`. */
export const ChangesSinceOutput = z.object({
  changes: z.array(Change).describe('oldest first'),
  cursor: z.string().describe('pass it as cursor next time to get what changed after these'),
  more: z.boolean().describe('true when more changes exist already: call again with cursor'),
  cut: nullable(z.enum(['limit', 'budget'])),
  gap: z
    .boolean()
    .describe('true when changes after your cursor are older than the change log keeps (hours); re-read with search or timeline'),
});
/** The result of `changes_since`. */
export type ChangesSinceOutput = z.infer<typeof ChangesSinceOutput>;

function changesText(output: ChangesSinceOutput): string {
  const lines = output.changes.map((c) => `- ${c.committedAt} ${c.change} ${c.itemId}${c.item ? ` "${c.item.title}"` : ''}`);
  const head = output.changes.length === 0 ? 'Nothing changed.' : `${output.changes.length} changes, oldest first:`;
  const gap = output.gap ? ['(some changes after your cursor are no longer kept; use search or timeline for that period)'] : [];
  const next = output.more
    ? `More: call changes_since with cursor "${output.cursor}".`
    : `Up to date; next time pass cursor "${output.cursor}".`;
  return [head, ...lines, ...gap, next].join('\n');
}

/** Registers `changes_since`: what changed after a cursor, for clients that missed notifications. */
export function registerChangesSinceTool(server: McpServer, deps: ToolDeps): void {
  registerReadOnlyTool(server, deps, 'changes_since', {
    title: 'Changes since a cursor',
    description:
      'What changed in the team’s items after a cursor (the change log sequence): call it without a cursor to get one, later with ' +
      'it to learn what changed meanwhile. The fallback for a client that missed notifications.',
    inputSchema: ChangesSinceInput,
    outputSchema: ChangesSinceOutput,
    run: async (args) => {
      if (deps.changes === undefined) {
        throw new ToolFailure('CHANGES_UNAVAILABLE', 'this gateway runs without the change log (NATS); ask an operator to set NATS_URL');
      }
      if (args.cursor === undefined) {
        const { lastSeq } = await deps.changes.bounds();
        const output: ChangesSinceOutput = { changes: [], cursor: String(lastSeq), more: false, cut: null, gap: false };
        return toolSuccess(output, `Current cursor: "${output.cursor}". Call changes_since with it later to learn what changed.`);
      }
      const { seq, index } = args.cursor;
      // A cursor inside a notice re-reads that notice and skips what was already returned.
      const range = await deps.changes.read(deps.team, index >= 0 ? seq - 1 : seq, NOTICES_PER_CALL);
      const flat = range.notices.flatMap(({ seq: noticeSeq, notice }) =>
        notice.changes.map((change, i) => ({ noticeSeq, i, committedAt: notice.committedAt, change })),
      );
      const pending = flat.filter((c) => c.noticeSeq > seq || (c.noticeSeq === seq && c.i > index));
      const ids = [...new Set(pending.slice(0, args.limit).map((c) => c.change.itemId))];
      const rows =
        ids.length === 0
          ? []
          : await deps.db
              .selectFrom('items')
              .select(['id', 'url', 'title', 'platform', 'kind', 'state', 'container', 'updated_at'])
              .where('team', '=', deps.team)
              .where('id', 'in', ids)
              .where('removed_at', 'is', null)
              .execute();
      const items = new Map(rows.map((row) => [row.id, toItemSummary(row)]));
      const candidates = pending.slice(0, args.limit).map((c) => ({
        change: { seq: c.noticeSeq, committedAt: c.committedAt, ...c.change, item: items.get(c.change.itemId) ?? null },
        cursor: `${c.noticeSeq}:${c.i}`,
      }));
      // A cursor ahead of the stream (recreated since) starts again from the stream's end.
      const lastNotice = String(Math.max(Math.min(seq, range.lastSeq), ...range.notices.map((n) => n.seq)));
      // As many changes as fit the budget whole (structured content and text); the cursor continues after the last one given.
      const response = fitResponse(candidates.length, (kept) => {
        const cut: ChangesSinceOutput['cut'] = kept < candidates.length ? 'budget' : pending.length > args.limit ? 'limit' : null;
        let cursor = cut === null || kept === 0 ? lastNotice : (candidates[kept - 1]?.cursor ?? lastNotice);
        // Read to the end: the next call starts at the stream's end, past other teams' notices and a gap it was told of.
        if (cut === null && !range.more) cursor = String(Math.max(Number(cursor), range.lastSeq));
        const output: ChangesSinceOutput = {
          changes: candidates.slice(0, kept).map((candidate) => candidate.change),
          cursor,
          more: cut !== null || range.more,
          cut,
          gap: range.gap,
        };
        return { structured: output, text: changesText(output) };
      });
      return toolSuccess(response.structured, response.text);
    },
  });
}
