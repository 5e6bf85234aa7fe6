import { type AssistantSession, commit, fileTool, hook } from '../../history/deliveries/assistant.js';
import type { HistoryDelivery } from '../../history/deliveries/index.js';
import { RETRIEVAL_COMMITS } from './github.js';

// The retrieval story's Claude Code side: three sessions in acme/checkout, with the history's
// builders (the hook input Claude Code documents, as the assistant service's fixtures hold it).

/** The story's sessions. */
export const RETRIEVAL_SESSIONS = {
  priya: { id: 'b6f66201-0000-4000-8000-000000000201', cwd: '/home/priya/src/checkout', user: 'priya@acme.dev' },
  tom: { id: 'b6f66202-0000-4000-8000-000000000202', cwd: '/home/tom/code/checkout', user: 'tom@acme.dev' },
  dev: { id: 'b6f66203-0000-4000-8000-000000000203', cwd: '/home/dev/work/checkout', user: 'dev@acme.dev' },
} as const satisfies Record<string, AssistantSession>;

/** The Claude Code side of the retrieval story. */
export function assistantStory(): HistoryDelivery[] {
  const { priya, tom, dev } = RETRIEVAL_SESSIONS;
  const tool = (n: number) => `toolu_02R3TR13VAL00000000000${String(n).padStart(2, '0')}`;
  return [
    hook(priya, 'session-start', '2026-11-24T09:00:00Z', 'session start (Priya)', () => {}),
    fileTool(priya, 'Write', 'src/payments/circuit-breaker.ts', tool(1), '2026-11-24T09:10:00Z'),
    fileTool(priya, 'Edit', 'src/payments/provider.ts', tool(2), '2026-11-24T09:20:00Z'),
    commit(
      priya,
      RETRIEVAL_COMMITS.breaker,
      'Payment provider client: 5s timeout and circuit breaker (#42)',
      tool(3),
      '2026-11-24T09:25:00Z',
    ),
    hook(priya, 'stop', '2026-11-24T09:26:00Z', 'stop (Priya)', () => {}),

    hook(tom, 'session-start', '2026-11-25T09:00:00Z', 'session start (Tom)', () => {}),
    fileTool(tom, 'Edit', 'src/reports/csv.ts', tool(4), '2026-11-25T09:15:00Z'),
    fileTool(tom, 'Edit', 'src/reports/export.spec.ts', tool(5), '2026-11-25T09:30:00Z'),
    commit(tom, RETRIEVAL_COMMITS.csv, 'Quote CSV export fields per RFC 4180 (#44)', tool(6), '2026-11-25T09:50:00Z'),
    hook(tom, 'session-end', '2026-11-25T09:51:00Z', 'session end (Tom)', () => {}),

    hook(dev, 'session-start', '2026-12-02T11:00:00Z', 'session start (Dev)', () => {}),
    fileTool(dev, 'Edit', 'src/dashboard/orders-summary.ts', tool(7), '2026-12-02T11:20:00Z'),
    fileTool(dev, 'Write', 'src/dashboard/orders-summary.test.ts', tool(8), '2026-12-02T11:40:00Z'),
    commit(dev, RETRIEVAL_COMMITS.summaryBatch, 'Batch the orders summary query (#53)', tool(9), '2026-12-02T15:50:00Z'),
    hook(dev, 'stop', '2026-12-02T15:51:00Z', 'stop (Dev)', () => {}),
  ];
}
