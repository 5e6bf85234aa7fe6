import type { RetrievalFigures } from './metrics.js';
import type { RetrievalEvaluation } from './evaluate-retrieval.js';

const f = (value: number) => value.toFixed(2).padStart(6);
const row = (name: string, split: string, figures: RetrievalFigures) =>
  `  ${name.padEnd(30)} ${split.padEnd(8)} ${String(figures.questions).padStart(3)} ${f(figures.recallAt5)} ${f(figures.recallAt10)} ${f(figures.mrr)} ${f(figures.ndcgAt10)}`;

/** The evaluation as text: the figures of every search per split, then each search's misses. */
export function formatRetrievalReport(evaluation: RetrievalEvaluation): string {
  const out = [
    `retrieval: ${evaluation.deliveries} deliveries → ${evaluation.items} items, ${(evaluation.elapsedMs / 1000).toFixed(1)} s` +
      (evaluation.refused.length > 0 ? `; REFUSED: ${evaluation.refused.join('; ')}` : ''),
    '',
    `  ${'search'.padEnd(30)} ${'split'.padEnd(8)} ${'n'.padStart(3)} ${'R@5'.padStart(6)} ${'R@10'.padStart(6)} ${'MRR'.padStart(6)} ${'nDCG10'.padStart(6)}`,
  ];
  for (const search of evaluation.searches) {
    out.push(
      row(search.name, 'tune', search.splits.tune),
      row(search.name, 'report', search.splits.report),
      row(search.name, 'keywords', search.keywords),
    );
  }
  for (const search of evaluation.searches) {
    out.push('', `${search.name}: ${search.misses.length} misses (no target in the first 5); ${search.meanMs.toFixed(1)} ms per query`);
    for (const miss of search.misses)
      out.push(
        `  [${miss.split}] ${miss.question} — first target at ${miss.firstRank ?? '>10'}; top: ${miss.top.join(', ') || '(nothing)'}`,
      );
    if (search.removedServed.length > 0) out.push(`  REMOVED ITEMS SERVED: ${search.removedServed.join('; ')}`);
  }
  return out.join('\n');
}
