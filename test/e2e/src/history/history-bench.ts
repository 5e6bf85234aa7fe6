import { evaluateHistory } from './evaluate.js';
import { formatHistoryReport } from './report.js';

/** `pnpm bench history`: delivers the team history to two teams and prints edge precision and recall. */
export async function historyBench(): Promise<void> {
  const evaluation = await evaluateHistory();
  console.log(formatHistoryReport(evaluation));
}
