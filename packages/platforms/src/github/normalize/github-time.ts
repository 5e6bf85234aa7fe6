/** A GitHub date-time in the canonical form Pipe stores (UTC, milliseconds). */
export function isoTime(githubTime: string): string {
  return new Date(githubTime).toISOString();
}

/**
 * A snapshot version from a GitHub date-time: its epoch milliseconds. Git lets a commit carry
 * any date, including one before 1970, and versions are non-negative, so those clamp to 0.
 */
export function versionAt(githubTime: string): number {
  return Math.max(0, Date.parse(githubTime));
}

/**
 * The version of a removal or of a change GitHub does not timestamp (a dismissed review): the
 * later of the item's last known time and the delivery's arrival. The item's own time alone
 * would tie with the last snapshot, and a tie must not leave the older state in place.
 */
export function versionAfter(githubTime: string | null | undefined, receivedAt: string): number {
  const received = versionAt(receivedAt);
  return githubTime ? Math.max(versionAt(githubTime), received) : received;
}
