/**
 * Counts units of work (webhooks accepted, events applied, MCP requests) and tells the rate over
 * the last minute, in one-second buckets, for `pipe status`. Prometheus has the exact counters;
 * this is the at-a-glance figure an instance reports about itself.
 */
export class RateMeter {
  readonly #buckets = new Float64Array(60);
  #bucketSecond = 0;
  #total = 0;

  constructor(
    /** What is counted, e.g. `webhooks`, `events`, `requests`. */
    readonly unit: string,
    private readonly now: () => number = Date.now,
  ) {}

  /** Records `n` units done now. */
  mark(n = 1): void {
    this.#advance();
    const bucket = this.#bucketSecond % 60;
    this.#buckets[bucket] = (this.#buckets[bucket] ?? 0) + n;
    this.#total += n;
  }

  /** Units since the process started. */
  get total(): number {
    return this.#total;
  }

  /** Units per second over the last 60 seconds (or since the first mark, if sooner). */
  perSecond(): number {
    this.#advance();
    let sum = 0;
    for (const value of this.#buckets) sum += value;
    return sum / 60;
  }

  #advance(): void {
    const second = Math.floor(this.now() / 1000);
    if (this.#bucketSecond === 0) this.#bucketSecond = second;
    // Clear the buckets of the seconds that passed without marks (at most the whole window).
    for (let s = this.#bucketSecond + 1; s <= second && s <= this.#bucketSecond + 60; s += 1) this.#buckets[s % 60] = 0;
    if (second > this.#bucketSecond) this.#bucketSecond = second;
  }
}
