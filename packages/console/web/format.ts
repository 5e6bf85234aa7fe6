/** "3 s ago", "5 min ago", "2 h ago", "4 d ago". */
export function ago(iso: string | null, now = Date.now()): string {
  if (iso === null) return '—';
  return duration(now - Date.parse(iso), ' ago');
}

/** "in 5 min" for a time to come, "now" once it has passed. */
export function fromNow(iso: string | null, now = Date.now()): string {
  if (iso === null) return '—';
  const ms = Date.parse(iso) - now;
  return ms <= 0 ? 'now' : `in ${duration(ms)}`;
}

/** A duration in milliseconds, compactly. */
export function duration(ms: number, suffix = ''): string {
  if (!Number.isFinite(ms)) return '—';
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} s${suffix}`;
  if (s < 3600) return `${Math.round(s / 60)} min${suffix}`;
  if (s < 172_800) return `${Math.round(s / 3600)} h${suffix}`;
  return `${Math.round(s / 86_400)} d${suffix}`;
}

/**
 * A search snippet as safe markup: the gateway marks matches with <b>…</b> in otherwise plain
 * text, so everything is escaped and only those marks are put back.
 */
export function snippetHtml(snippet: string): string {
  const escaped = snippet.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  return escaped.replace(/&lt;b&gt;/g, '<mark>').replace(/&lt;\/b&gt;/g, '</mark>');
}

/** The words a snippet marks as matching (what made the hit match). */
export function matchedWords(snippet: string | undefined): string[] {
  if (!snippet) return [];
  return [...new Set([...snippet.matchAll(/<b>(.*?)<\/b>/g)].map((m) => (m[1] ?? '').toLowerCase()).filter(Boolean))];
}
