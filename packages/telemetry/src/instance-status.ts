/** How an instance is doing, as it reports itself to `pipe status` (data: crosses the wire as JSON). */
export interface InstanceStatus {
  /** `ok`; `degraded` when a dependency does not answer (the reason says which); `draining` while stopping. */
  health: 'ok' | 'degraded' | 'draining';
  /** Why the instance is not `ok`. */
  reason?: string;
  /** Messages stored but not yet processed by this instance's consumers; null for services without one. */
  lag: number | null;
  throughput: {
    /** Units per second over the last minute. */
    perSecond: number;
    /** Units since the instance started. */
    total: number;
    /** What is counted: `webhooks`, `events`, `requests`. */
    unit: string;
  };
}
