import { FIX_WORDS, KIND_WORDS, PLATFORM_WORDS, QUESTION_WORDS, SYNONYM_GROUPS } from './vocabulary.js';

/** One word of the question that decides what matches, with the words that stand for it. */
export interface QueryTerm {
  /** The word as asked (lower-cased). */
  word: string;
  /** Synonyms and aliases (may be phrases); a match on one counts a little less. */
  aliases: string[];
}

/** A window the question's time words name: [since, until). */
export interface TimeWindow {
  since: string;
  until: string;
  /** The words that named it ("last week"), for the explanation. */
  words: string;
}

/** What a question asks for, read before searching. */
export interface UnderstoodQuery {
  terms: QueryTerm[];
  /** Item keys the question names: refs (`key:PAY-12`, `github:owner/repo#12`), ids, `#12` numbers, and URLs. */
  keys: { refs: string[]; ids: string[]; numbers: number[]; urls: string[] };
  platforms: string[];
  kinds: string[];
  /**
   * Channels the question names as `#name` ("in #eng", "#incidents"), lower-cased, without the `#`:
   * checked against the team's channel items, whose messages are favoured. The name stays a term
   * too, so a name that is no channel still matches words.
   */
  channels: string[];
  /** The question asks which item fixed something. */
  fixIntent: boolean;
  /** Words that may name a person (checked against the team's people). */
  personWords: string[];
  window: TimeWindow | null;
  /** True when nothing but keys is left to search for. */
  keysOnly: boolean;
}

/** Kind words that say nothing about content ("the PR", "a ticket"): a kind boost only, never a term. */
const GENERIC_KIND_WORDS = new Set(
  'pr prs mr pull issue issues ticket tickets bug bugs commit commits comment comments message messages thread discussion chat session sessions file files doc docs document page wiki'.split(
    ' ',
  ),
);

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];
const DAY_MS = 86_400_000;

const startOfDay = (ms: number) => ms - (((ms % DAY_MS) + DAY_MS) % DAY_MS);
/** Monday 00:00 UTC of the week holding `ms`. */
const startOfWeek = (ms: number) => startOfDay(ms) - ((new Date(ms).getUTCDay() + 6) % 7) * DAY_MS;
const iso = (ms: number) => new Date(ms).toISOString();

/** Finds a time window in the question and returns it with the question minus its words. */
function readWindow(text: string, asOf: string): { window: TimeWindow | null; rest: string } {
  const now = Date.parse(asOf);
  const rules: [RegExp, () => [number, number]][] = [
    [/\btoday\b/, () => [startOfDay(now), now + 1]],
    [/\byesterday\b/, () => [startOfDay(now) - DAY_MS, startOfDay(now)]],
    [/\bthis week\b/, () => [startOfWeek(now), now + 1]],
    [/\blast week\b/, () => [startOfWeek(now) - 7 * DAY_MS, startOfWeek(now)]],
    [/\b(?:past|last) (\d{1,3}) days\b/, () => [now - 30 * DAY_MS, now + 1]],
    [/\bthis month\b/, () => [Date.UTC(new Date(now).getUTCFullYear(), new Date(now).getUTCMonth(), 1), now + 1]],
    [
      /\blast month\b/,
      () => [
        Date.UTC(new Date(now).getUTCFullYear(), new Date(now).getUTCMonth() - 1, 1),
        Date.UTC(new Date(now).getUTCFullYear(), new Date(now).getUTCMonth(), 1),
      ],
    ],
    [/\brecently\b|\blately\b/, () => [now - 14 * DAY_MS, now + 1]],
  ];
  for (const [pattern, range] of rules) {
    const match = pattern.exec(text);
    if (!match) continue;
    let [since, until] = range();
    const days = /(\d{1,3}) days/.exec(match[0]);
    if (days) since = now - Number(days[1]) * DAY_MS;
    return { window: { since: iso(since), until: iso(until), words: match[0] }, rest: text.replace(match[0], ' ') };
  }
  const month = new RegExp(`\\b(?:in|during|since) (${MONTHS.join('|')})\\b`).exec(text);
  if (month) {
    const index = MONTHS.indexOf(month[1] as string);
    const current = new Date(now);
    const year = index > current.getUTCMonth() ? current.getUTCFullYear() - 1 : current.getUTCFullYear();
    return {
      window: { since: iso(Date.UTC(year, index, 1)), until: iso(Date.UTC(year, index + 1, 1)), words: month[0] },
      rest: text.replace(month[0], ' '),
    };
  }
  return { window: null, rest: text };
}

const KEY = /\b([A-Z][A-Z0-9]{1,9}-\d{1,7})\b/g;
const REPO_NUMBER = /\b([\w.-]+\/[\w.-]+)#(\d{1,7})\b/g;
const BARE_NUMBER = /(?:^|\s)#(\d{1,7})\b/g;
/** `#eng`, `#incidents`, `#design-review`: a channel as Slack and Discord write it (a number after `#` is an issue). */
const CHANNEL = /(?:^|[\s(])#(\p{L}[\p{L}\p{N}_-]*)/gu;
const URL = /https?:\/\/\S+/g;
const ITEM_ID = /\b[a-z]+:[a-z_]+:\S+/g;

/** The synonym groups each word belongs to, multi-word entries included (`pull request` ↔ `pr`). */
const aliasesOf = (word: string): string[] => {
  const out = new Set<string>();
  for (const group of SYNONYM_GROUPS) if (group.includes(word)) for (const alias of group) if (alias !== word) out.add(alias);
  return [...out];
};

/**
 * Reads a question the way a person means it: item keys and URLs (looked up exactly), platform
 * and kind words (boosts), time words (a window), words that may be people (checked later), and
 * the content words that decide what matches — question and filler words dropped, each with its
 * synonyms. Multi-word synonyms ("pull request", "dark mode") are recognised as one term.
 */
export function understandQuery(query: string, asOf: string): UnderstoodQuery {
  const keys: UnderstoodQuery['keys'] = { refs: [], ids: [], numbers: [], urls: [] };
  let text = query;
  text = text.replace(URL, (url) => {
    keys.urls.push(url.replace(/[).,;>]+$/, ''));
    return ' ';
  });
  text = text.replace(ITEM_ID, (id) => {
    keys.ids.push(id);
    return ' ';
  });
  text = text.replace(REPO_NUMBER, (_, repo: string, number: string) => {
    keys.refs.push(`github:${repo}#${number}`);
    return ' ';
  });
  text = text.replace(KEY, (key: string) => {
    keys.refs.push(`key:${key}`);
    return ' ';
  });
  text = text.replace(BARE_NUMBER, (_, number: string) => {
    keys.numbers.push(Number(number));
    return ' ';
  });

  const channels = [...new Set([...text.matchAll(CHANNEL)].map((match) => (match[1] as string).toLowerCase()))];

  const lower = text.toLowerCase().replace(/[’']s\b/g, '');
  const { window, rest } = readWindow(lower, asOf);
  const words = rest.match(/[\p{L}\p{N}][\p{L}\p{N}._/-]*[\p{L}\p{N}]|[\p{L}\p{N}]/gu) ?? [];

  const platforms = new Set<string>();
  const kinds = new Set<string>();
  let fixIntent = false;
  const terms: QueryTerm[] = [];
  const personWords: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const word = words[i] as string;
    const pair = i + 1 < words.length ? `${word} ${words[i + 1]}` : '';
    if (pair === 'pull request' || pair === 'pull requests' || pair === 'merge request') {
      kinds.add('pull_request');
      i += 1;
      continue;
    }
    const pairAliases = pair === '' ? [] : aliasesOf(pair);
    if (pairAliases.length > 0) {
      terms.push({ word: pair, aliases: pairAliases });
      i += 1;
      continue;
    }
    const platform = PLATFORM_WORDS[word];
    if (platform) {
      platforms.add(platform);
      continue;
    }
    const kind = KIND_WORDS[word];
    if (kind) for (const k of kind) kinds.add(k);
    if (kind && GENERIC_KIND_WORDS.has(word)) continue;
    if (FIX_WORDS.has(word)) {
      fixIntent = true;
      continue;
    }
    if (QUESTION_WORDS.has(word)) continue;
    if (/^\p{L}[\p{L}.-]+$/u.test(word) && word.length >= 3) personWords.push(word);
    // Specific kind words stay terms too: "postmortem" or "spec" is also what the item says.
    terms.push({ word, aliases: aliasesOf(word) });
  }
  const hasKeys = keys.refs.length > 0 || keys.ids.length > 0 || keys.numbers.length > 0 || keys.urls.length > 0;
  // A query of nothing but kind, platform or question words ("session", "slack") is a keyword query after all.
  if (terms.length === 0 && !hasKeys) for (const word of words) terms.push({ word, aliases: aliasesOf(word) });
  const keysOnly = terms.length === 0 && hasKeys;
  return { terms, keys, platforms: [...platforms], kinds: [...kinds], channels, fixIntent, personWords, window, keysOnly };
}
