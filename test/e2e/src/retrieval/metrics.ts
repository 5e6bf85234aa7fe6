/** How one ranked answer scored against its targets. */
export interface QuestionScore {
  /** 1-based rank of the first target in the answer, or null when none is in it. */
  firstRank: number | null;
  /** Binary-relevance nDCG over the first 10 (the ideal ranks every target first). */
  ndcg10: number;
}

/** The figures of a set of questions. */
export interface RetrievalFigures {
  questions: number;
  /** Share of questions with a target in the first 5 (a person reads that far). */
  recallAt5: number;
  /** Share of questions with a target in the first 10. */
  recallAt10: number;
  /** Mean of 1 / rank of the first target (0 when none is returned). */
  mrr: number;
  ndcgAt10: number;
}

/**
 * Scores one answer. The targets are the items a person accepts as the answer; any of them
 * first is a full hit, so recall@k is "did the asker get an answer in the first k".
 */
export function scoreAnswer(ranked: readonly string[], targets: readonly string[]): QuestionScore {
  const wanted = new Set(targets);
  const index = ranked.findIndex((id) => wanted.has(id));
  let dcg = 0;
  ranked.slice(0, 10).forEach((id, i) => {
    if (wanted.has(id)) dcg += 1 / Math.log2(i + 2);
  });
  let ideal = 0;
  for (let i = 0; i < Math.min(10, wanted.size); i++) ideal += 1 / Math.log2(i + 2);
  return { firstRank: index < 0 ? null : index + 1, ndcg10: ideal === 0 ? 0 : dcg / ideal };
}

/** The mean figures of scored questions. */
export function figuresOf(scores: readonly QuestionScore[]): RetrievalFigures {
  const n = scores.length;
  const mean = (value: (score: QuestionScore) => number) => (n === 0 ? 0 : scores.reduce((sum, s) => sum + value(s), 0) / n);
  const within = (k: number) => (s: QuestionScore) => (s.firstRank !== null && s.firstRank <= k ? 1 : 0);
  return {
    questions: n,
    recallAt5: mean(within(5)),
    recallAt10: mean(within(10)),
    mrr: mean((s) => (s.firstRank === null ? 0 : 1 / s.firstRank)),
    ndcgAt10: mean((s) => s.ndcg10),
  };
}
