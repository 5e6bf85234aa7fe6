/**
 * What each partition this instance serves is doing, for `/ready` and `pipe status`: a partition
 * that lost its connection and is taking its lock again, or one stopped for an operator, makes
 * the instance not ready, with the reason. A partition waiting for a lock another instance holds
 * is a standby, not a problem.
 */
export class PartitionStatus {
  private readonly problems = new Map<number, string>();

  /** Records what is wrong with `partition` (null: nothing, it applies events or waits as a standby). */
  set(partition: number, problem: string | null): void {
    if (problem === null) this.problems.delete(partition);
    else this.problems.set(partition, problem);
  }

  /** Null while every partition is fine, else each problem (`partition p0: …; partition p2: …`). */
  notReadyReason(): string | null {
    if (this.problems.size === 0) return null;
    return [...this.problems]
      .sort(([a], [b]) => a - b)
      .map(([partition, problem]) => `partition p${partition}: ${problem}`)
      .join('; ');
  }
}
