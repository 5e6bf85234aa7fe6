import { evaluateRetrieval } from './evaluate-retrieval.js';
import { formatRetrievalReport } from './retrieval-report.js';

/** `pnpm bench retrieval`: the story into a fresh team, every question to three searches, the figures per split. */
export async function retrievalBench(): Promise<void> {
  console.log(formatRetrievalReport(await evaluateRetrieval()));
}
