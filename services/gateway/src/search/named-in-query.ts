import { type Database, preparedStatement } from '@pipe/db';
import type { NamedIdentity } from './lexical-candidates.js';
import { type Kysely, type RawBuilder, sql } from 'kysely';

/** The people a question names: their identities' author keys with a name to cite, and the words that named them. */
export interface NamedPeople {
  authors: Map<string, string>;
  /** The same identities, for finding their items. */
  identities: NamedIdentity[];
  words: Set<string>;
}

/** The channels a question names (`#eng`): the container keys (`platform:key`) of their items, with the name to cite. */
export interface NamedChannels {
  containers: Map<string, string>;
  words: Set<string>;
}

/**
 * The words that name an identity (`alias` is the `identities` row): its handle, the handle's
 * first part (`maya` of `maya-chen`), the first word of its name and its email's local part, all
 * lower case; null where the identity has no such field. Who a word names is decided by these
 * alone: the team's name words, the identities a question names and the words that named them.
 */
const nameFormsOf = (alias: string): RawBuilder<string[]> => {
  const field = (name: string) => sql.ref(`${alias}.${name}`);
  return sql`array[lower(${field('handle')}), split_part(regexp_replace(lower(${field('handle')}), '[._-]', ' ', 'g'), ' ', 1),
    lower(split_part(${field('name')}, ' ', 1)), lower(split_part(${field('email')}, '@', 1))]`;
};

/** The identities (`platform`, `external_id`) of the people `words` name (see {@link nameFormsOf}), as SQL. */
export const namedIdentitiesSql = (team: string, words: readonly string[]): RawBuilder<unknown> => sql`
  select i.platform, i.external_id, i.name, i.handle, i.email, ${nameFormsOf('i')} as forms
  from identities i where i.team = ${team} and i.person_id in (
    select n.person_id from identities n where n.team = ${team} and ${nameFormsOf('n')} && ${words}::text[])`;

/**
 * The container keys (`platform`, `container`) of the team's channels called what the question
 * writes as `#name`, as SQL (see {@link namedChannels}). Container items are found through the
 * (team, ref) index: their refs all start `container:`.
 */
export const namedChannelsSql = (team: string, names: readonly string[]): RawBuilder<unknown> => sql`
  select platform, substr(ref, length('container:' || platform || ':') + 1) as container, title from items
  where team = ${team} and ref >= 'container:' and ref < 'container;' and kind = 'channel' and removed_at is null
    and lower(title) = any(${names.map((name) => `#${name}`)})`;

/**
 * How long a team's name words are used before they are read again. A person who joins names no
 * one in a question for at most this long (their items still match every word they hold).
 */
export const NAME_WORDS_MAX_AGE_MS = 30_000;

const nameWordsByDb = new WeakMap<Kysely<Database>, Map<string, { words: Set<string>; readAt: number }>>();

/**
 * Every word that names someone of the team ({@link nameFormsOf}), read at most
 * {@link NAME_WORDS_MAX_AGE_MS} ago. Most questions name nobody: checked against these first,
 * they cost no statement.
 */
async function teamNameWords(db: Kysely<Database>, team: string): Promise<Set<string>> {
  let teams = nameWordsByDb.get(db);
  if (teams === undefined) {
    teams = new Map();
    nameWordsByDb.set(db, teams);
  }
  const cached = teams.get(team);
  if (cached !== undefined && Date.now() - cached.readAt < NAME_WORDS_MAX_AGE_MS) return cached.words;
  const readAt = Date.now();
  const result = await sql<{ word: string }>`${preparedStatement('search-team-name-words')}
    select distinct word from identities i cross join lateral unnest(${nameFormsOf('i')}) w(word)
    where i.team = ${team} and word is not null and word <> ''`.execute(db);
  const words = new Set(result.rows.map((row) => row.word));
  teams.set(team, { words, readAt });
  return words;
}

/** The author keys (`platform:external_id`) of the people the question's words name, with a name to cite. */
export async function namedPeople(db: Kysely<Database>, team: string, asked: readonly string[]): Promise<NamedPeople> {
  const nobody = { authors: new Map(), identities: [], words: new Set<string>() };
  if (asked.length === 0) return nobody;
  const names = await teamNameWords(db, team);
  const words = asked.filter((word) => names.has(word));
  if (words.length === 0) return nobody;
  // Its text never varies (the words are one array value): planned once per connection.
  const result = await sql<{
    platform: string;
    external_id: string;
    author_key: string;
    name: string;
    forms: (string | null)[];
  }>`${preparedStatement('search-named-people')}
    select i.platform, i.external_id, i.platform || ':' || i.external_id as author_key, coalesce(i.name, i.handle, i.external_id) as name, i.forms
    from (${namedIdentitiesSql(team, words)}) i`.execute(db);
  const named = new Set<string>();
  for (const row of result.rows) for (const word of words) if (row.forms.includes(word)) named.add(word);
  return {
    authors: new Map(result.rows.map((row) => [row.author_key, row.name])),
    identities: result.rows.map((row) => ({ platform: row.platform, externalId: row.external_id })),
    words: named,
  };
}

/**
 * The team's channels called what the question writes as `#name`: Slack names a channel item
 * `#name` once its name is known (`channel_created`, a rename, a backfill); a channel known by its
 * id alone cannot be named. A channel's items carry its natural key as their `container`, and
 * its ref is `container:<platform>:<key>` (`containerRef`), so the key comes from the ref. The
 * candidates statement brings the channels' items in itself (through {@link namedChannelsSql}).
 */
export async function namedChannels(db: Kysely<Database>, team: string, names: readonly string[]): Promise<NamedChannels> {
  if (names.length === 0) return { containers: new Map(), words: new Set() };
  const result = await sql<{ container_key: string; title: string }>`${preparedStatement('search-named-channels')}
    select platform || ':' || container as container_key, title from (${namedChannelsSql(team, names)}) c`.execute(db);
  const containers = new Map(result.rows.map((row) => [row.container_key, row.title]));
  const words = new Set(result.rows.map((row) => row.title.slice(1).toLowerCase()));
  return { containers, words };
}
