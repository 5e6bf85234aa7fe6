import { searchItems } from '@pipe/gateway';
import { type Searcher, everyWordRequired, orRankCd } from './baselines.js';
import { RETRIEVAL_TEAM, deliverStory } from './deliver-story.js';
import { type RetrievalFigures, figuresOf, scoreAnswer } from './metrics.js';
import { KEYWORD_QUERIES, QUESTIONS, type QuestionSplit, RETRIEVAL_AS_OF } from './questions.js';

/** One question a search did not answer in its first five. */
export interface Miss {
  split: QuestionSplit | 'keyword';
  question: string;
  /** Rank of the first target, or null when no target came back in the first 10. */
  firstRank: number | null;
  /** What came first instead. */
  top: string[];
}

/** One search's figures. */
export interface SearchEvaluation {
  name: string;
  splits: Record<QuestionSplit, RetrievalFigures>;
  keywords: RetrievalFigures;
  misses: Miss[];
  /** Removed items that came back (must be none). */
  removedServed: string[];
  /** Mean time per query on this small team, for orientation only (latency lives in `pnpm bench gateway`). */
  meanMs: number;
}

/** What one run measured. */
export interface RetrievalEvaluation {
  deliveries: number;
  items: number;
  refused: string[];
  searches: SearchEvaluation[];
  elapsedMs: number;
}

const DEPTH = 10;

async function evaluateSearch(name: string, search: Searcher, removed: ReadonlySet<string>): Promise<SearchEvaluation> {
  const misses: Miss[] = [];
  let asked = 0;
  const started = performance.now();
  const removedServed = new Set<string>();
  const ask = async (split: Miss['split'], question: string, targets: readonly string[]) => {
    const ranked = await search(question, DEPTH);
    asked += 1;
    for (const id of ranked) if (removed.has(id)) removedServed.add(`${id} (for "${question}")`);
    const score = scoreAnswer(ranked, targets);
    if (score.firstRank === null || score.firstRank > 5)
      misses.push({ split, question, firstRank: score.firstRank, top: ranked.slice(0, 3) });
    return score;
  };
  const splits = {} as Record<QuestionSplit, RetrievalFigures>;
  for (const split of ['tune', 'report'] as const) {
    const scores = [];
    for (const question of QUESTIONS.filter((q) => q.split === split)) scores.push(await ask(split, question.question, question.targets));
    splits[split] = figuresOf(scores);
  }
  const keywordScores = [];
  for (const keyword of KEYWORD_QUERIES) keywordScores.push(await ask('keyword', keyword.query, keyword.targets));
  const meanMs = (performance.now() - started) / asked;
  return { name, splits, keywords: figuresOf(keywordScores), misses, removedServed: [...removedServed], meanMs };
}

/**
 * Delivers the retrieval story to a fresh team over the real ingest services and projector, then
 * asks every question and keyword query of three searches — the gateway's search, today's
 * every-word-required search and the OR-ed `ts_rank_cd` baseline — from the same instant.
 */
export async function evaluateRetrieval(): Promise<RetrievalEvaluation> {
  const started = Date.now();
  const { stack, deliveries, refused } = await deliverStory();
  try {
    const rows = await stack.db.selectFrom('items').select(['id', 'removed_at']).where('team', '=', RETRIEVAL_TEAM).execute();
    const removed = new Set(rows.filter((row) => row.removed_at !== null).map((row) => row.id));
    const pipe =
      (fusion: 'sum' | 'rrf', scoring: 'weighted' | 'rank_cd' = 'weighted'): Searcher =>
      async (query, limit) => {
        const result = await searchItems(stack.db, { team: RETRIEVAL_TEAM, query, limit, asOf: RETRIEVAL_AS_OF, fusion, scoring });
        return result.rows.map((row) => row.item.id);
      };
    const searches = [
      await evaluateSearch('pipe search', pipe('sum'), removed),
      await evaluateSearch('pipe search, RRF fusion', pipe('rrf'), removed),
      await evaluateSearch('pipe search, ts_rank_cd score', pipe('sum', 'rank_cd'), removed),
      await evaluateSearch('every word required (before)', everyWordRequired(stack.db, RETRIEVAL_TEAM, RETRIEVAL_AS_OF), removed),
      await evaluateSearch('OR-ed ts_rank_cd (baseline)', orRankCd(stack.db, RETRIEVAL_TEAM), removed),
    ];
    return { deliveries, items: rows.length, refused, searches, elapsedMs: Date.now() - started };
  } finally {
    await stack.stop();
  }
}
