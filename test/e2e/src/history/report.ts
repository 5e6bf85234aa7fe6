import type { HistoryEvaluation } from './evaluate.js';
import type { ScoreRow } from './score.js';

const percent = (value: number) => value.toFixed(2);

function table(rows: readonly ScoreRow[]): string[] {
  const out = [
    `  ${'split'.padEnd(9)} ${'type'.padEnd(11)} ${'expected'.padStart(8)} ${'found'.padStart(6)} ${'matched'.padStart(7)} ${'precision'.padStart(9)} ${'recall'.padStart(6)}`,
  ];
  for (const row of rows) {
    out.push(
      `  ${row.split.padEnd(9)} ${row.type.padEnd(11)} ${String(row.expected).padStart(8)} ${String(row.found).padStart(6)} ${String(row.matched).padStart(7)} ${percent(row.precision).padStart(9)} ${percent(row.recall).padStart(6)}`,
    );
  }
  return out;
}

/** The evaluation as text: per team, the table, then what is missing, unexpected or left behind. */
export function formatHistoryReport(evaluation: HistoryEvaluation, options: { details?: boolean } = {}): string {
  const out: string[] = [];
  const statuses = new Map<string, number>();
  for (const answer of evaluation.answers) {
    const key = `${answer.team} ${answer.status}${answer.duplicate ? ' duplicate' : ''}`;
    statuses.set(key, (statuses.get(key) ?? 0) + 1);
  }
  out.push(
    `history: ${evaluation.deliveries} deliveries over ${evaluation.platforms.join(', ')}, sent to ${evaluation.teams.length} teams in ${(evaluation.elapsedMs / 1000).toFixed(1)} s`,
  );
  out.push(`answers: ${[...statuses].map(([key, count]) => `${key}: ${count}`).join('; ')}`);
  for (const team of evaluation.teams) {
    out.push('', `team ${team.team}: ${team.itemCount} live items`);
    out.push(...table(team.rows));
    out.push(`  missing items (${team.missingItems.length}): ${team.missingItems.join(', ') || 'none'}`);
    out.push(`  deleted items still live (${team.liveRemovedItems.length}): ${team.liveRemovedItems.join(', ') || 'none'}`);
    out.push(`  PART_OF edges on no live item (${team.danglingPartOf.length}): ${team.danglingPartOf.join(', ') || 'none'}`);
    out.push(`  deleted marker text still stored (${team.markerFound.length}): ${team.markerFound.join(', ') || 'none'}`);
    const urlsOk = (split: string) => {
      const of = team.urls.filter((answer) => split === 'all' || answer.split === split);
      return `${split} ${of.filter((answer) => answer.ok).length}/${of.length}`;
    };
    out.push(
      `  deleted marker text served by MCP tools (${team.readBack.length}): ${team.readBack.map((ask) => `${ask.tool} ${JSON.stringify(ask.arguments)}${ask.error ? ` (refused: ${ask.error})` : ''}`).join(', ') || 'none'}`,
    );
    out.push(`  URLs that open their item (get_item): ${['tuning', 'held-out', 'all'].map(urlsOk).join(', ')}`);
    if (options.details !== false) {
      const wrong = team.urls.filter((answer) => !answer.ok);
      out.push(`  URLs that open something else (${wrong.length}):`);
      for (const answer of wrong)
        out.push(`    ! [${answer.split}, ${answer.source}] ${answer.url} → ${answer.opened.slice(0, 160)} (expected ${answer.item})`);
      out.push(`  missing edges (${team.missing.length}):`);
      for (const edge of team.missing) out.push(`    - [${edge.split}] ${edge.from} ${edge.type} ${edge.to}`);
      out.push(`  unexpected edges (${team.unexpected.length}):`);
      for (const edge of team.unexpected) out.push(`    + [${edge.split ?? 'unplaced'}] ${edge.from} ${edge.type} ${edge.to}`);
    }
  }
  return out.join('\n');
}
