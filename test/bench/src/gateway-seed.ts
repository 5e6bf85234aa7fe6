import type { Database } from '@pipe/db';
import { type Kysely, sql } from 'kysely';

/** How many items carry each common word: `deploy` is in every item, `c0`…`c6` in one in seven. */
export const COMMON_TERMS = ['deploy', 'c3'];

/** Bump when {@link seedItems} changes what it writes: a kept database of an older seed is then not reused. */
export const SEED_VERSION = 1;

/**
 * Seeds `count` items for `team` straight into the read model (the projector's table), in chunks,
 * with a vocabulary made for the benchmark: every item says `deploy`, one in seven says `c<k>`,
 * one in 500 shares a `w<k>`, and each has its own rare token `tok<n>`. Updated times spread over
 * the past, so recency ranking has something to do.
 */
export async function seedItems(db: Kysely<Database>, team: string, count: number, onProgress?: (done: number) => void): Promise<void> {
  const chunk = 50_000;
  for (let start = 1; start <= count; start += chunk) {
    const end = Math.min(count, start + chunk - 1);
    await sql`
      insert into items (team, id, ref, platform, kind, title, body, url, state, container, author_handle, author_external_id,
        created_at, updated_at, version, event_id, event_seq)
      select ${team}, 'github:issue:org/repo' || (n % 50) || '#' || n, 'github:org/repo' || (n % 50) || '#' || n, 'github', 'issue',
        'Deploy issue ' || n || ' w' || (n % 500),
        'The deploy pipeline reports c' || (n % 7) || ' and w' || (n % 500) || ' while building; see tok' || n || ' for details.',
        'https://github.com/org/repo' || (n % 50) || '/issues/' || n,
        case when n % 3 = 0 then 'closed' else 'open' end, 'org/repo' || (n % 50), 'user' || (n % 200), (n % 200)::text,
        now() - n * interval '1 minute', now() - n * interval '1 minute', 1, 'evt-' || n, n
      from generate_series(${start}::int, ${end}::int) n`.execute(db);
    onProgress?.(end);
  }
  // As autovacuum would leave the table before anyone searched it: hint bits set, the visibility
  // map filled, the GIN pending lists merged (the test server runs without autovacuum, so the
  // first reader of every page would pay for it instead, and every GIN lookup would scan the lists).
  await sql`vacuum (analyze) items`.execute(db);
}

/**
 * The search bench's queries over the seeded vocabulary, by class: each makes its i-th query. A
 * rare term matches one item, a middling one `count / 500`, a common one a seventh or all; the
 * questions are asked the way people ask, a rare, a middling or a common word among question words
 * (issue 18). Measured queries use the middling words w0…w299 (i < 300); warm-ups pass i from 300
 * to 499 ({@link warmUpIndex}), so no measured query finds its pages cached by a warm-up.
 */
export function searchQueryClasses(count: number): Record<string, (i: number) => string> {
  const rareWord = () => `tok${1 + Math.floor(Math.random() * count)}`;
  const questions = [
    () => `Which issue mentions ${rareWord()} in the deploy pipeline?`,
    (i: number) => `why does the deploy pipeline report w${i % 500} while building`,
    (i: number) => `Is there anything about c${i % 7} and ${rareWord()} from last week?`,
    (i: number) => `who fixed the deploy issue w${i % 500}?`,
  ];
  return {
    'rare term (1 match)': rareWord,
    [`mid term (${Math.round(count / 500)} matches)`]: (i) => `w${i % 500}`,
    'common term (1/7 … all)': (i) => COMMON_TERMS[i % COMMON_TERMS.length] as string,
    'natural-language question': (i) => (questions[i % questions.length] as (i: number) => string)(i),
  };
}

/** The query index of warm-up round `round`: 300…499, which no measured query uses (see {@link searchQueryClasses}). */
export const warmUpIndex = (round: number): number => 300 + (round % 200);
