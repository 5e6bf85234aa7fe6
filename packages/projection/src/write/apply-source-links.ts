import { type RowOf, columnNames, insertUnnested, rowKey, sourceLinksTable } from '@pipe/db';
import { sql } from 'kysely';
import { deleteEdges, insertEdges } from './edges.js';
import { olderStatementSql } from '../merge-rules.js';
import type { Tx } from './tx.js';

const KEY = columnNames(sourceLinksTable, sourceLinksTable.key);
const keyOf = rowKey(sourceLinksTable);
const OLDER = olderStatementSql('source_links');

/** The latest statement of a link a platform made (or its removal). */
export interface SourceLinkRow extends RowOf<typeof sourceLinksTable> {
  /** Provenance for the edge: which platform stated it. */
  rule: string;
}

/**
 * Records the links platforms state and mirrors the winners into `edges`. The remembered state
 * (with removals) means a late, older "created" cannot undo a newer "deleted". Rows must have
 * distinct keys — collapse the batch first.
 */
export async function applySourceLinks(tx: Tx, rows: readonly SourceLinkRow[]): Promise<void> {
  if (rows.length === 0) return;
  const won = await sql<{ team: string; from_id: string; to_ref: string; type: string; removed: boolean }>`
    ${insertUnnested(sourceLinksTable, rows)}
    on conflict (${KEY}) do update set removed = excluded.removed, event_id = excluded.event_id
    where ${OLDER}
    returning team, from_id, to_ref, type, removed`.execute(tx);
  const byKey = new Map(rows.map((r) => [keyOf(r), r]));
  const winners = won.rows.map((w) => byKey.get(keyOf(w))).filter((r) => r !== undefined);
  await deleteEdges(
    tx,
    winners.filter((r) => r.removed).map((r) => ({ ...r, origin: 'source' })),
  );
  await insertEdges(
    tx,
    winners
      .filter((r) => !r.removed)
      .map((r) => ({
        team: r.team,
        from_id: r.from_id,
        to_ref: r.to_ref,
        type: r.type,
        origin: 'source',
        rule: r.rule,
        snippet: null,
        event_id: r.event_id,
      })),
  );
}
