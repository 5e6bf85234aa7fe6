import type { CandidateRow } from './lexical-candidates.js';
import type { NeighbourLink, NeighbourRow } from './graph-neighbours.js';
import type { UnderstoodQuery } from './understand-query.js';

/**
 * The weights of ranking, in one place. Each was set by measurement on the `tune` half of the
 * retrieval evaluation (test/e2e/src/retrieval, `pnpm bench retrieval`), never on `report`.
 */
export const RANKING = {
  /** A term matched in the title counts this much; in the body, `body`. */
  title: 1,
  body: 0.6,
  /** A title that only repeats its parent's ("Comment on #12: …") is worth less. */
  derivedTitle: 0.35,
  /** A match on an alias rather than the asked word. */
  alias: 0.7,
  /** How much matching more of the question's weight multiplies the score (coordination). */
  coverage: 1.5,
  /** Bonus for the asked words close together (cover density, 0 … 1). */
  proximity: 0.6,
  /** Share of a hit's score a linked item receives, by relation. */
  share: { CLOSES: 0.5, REFERENCES: 0.3, REPLIES_TO: 0.35, DUPLICATES: 0.45, BLOCKS: 0.3, PARENT: 0.3, CHILD: 0.2 } as Record<
    string,
    number
  >,
  /** With a fix question, an item that closes a hit gets this share instead. */
  fixShare: 0.95,
  /** Multipliers for an item that fits what the question names. */
  platform: 1.5,
  kind: 1.4,
  person: 1.5,
  /** Share of the best lexical score an item by a named person, or in a named channel, has before its words count (so such items are found at all). */
  namedBase: 0.3,
  /** Weight of a word that names a person when it is also matched as a term. */
  personWordAsTerm: 0.3,
  /** Weight of a word that names a channel (`#incidents`): it says where to look, not what the item says. */
  channelWordAsTerm: 0,
  /**
   * An item in a channel the question names (`#eng`). Not measured: no `tune` question names a
   * channel by a name the story's channels have, so it is the platform boost's value by analogy.
   */
  channel: 1.5,
  window: 1.6,
  fixKind: 1.3,
  /** Recency prior: up to this much extra for an item updated at `asOf`, halving over about a week. */
  recency: 0.15,
  /** How many of the best lexical hits lend their score to neighbours. */
  strongHits: 12,
} as const;

/** The item kinds whose title is their parent's, prefixed. */
const DERIVED_TITLE_KINDS = new Set(['comment', 'review']);

/** A ranked item and why it is there. */
export interface RankedItem {
  row: CandidateRow | NeighbourRow;
  score: number;
  why: string[];
}

interface Context {
  understood: UnderstoodQuery;
  asOf: string;
  /** author keys (`platform:external_id`) of the people the question names, with the name to cite. */
  people: Map<string, string>;
  /** Container keys (`platform:container`) of the channels the question names (`#eng`), with the name to cite. */
  channels: Map<string, string>;
  /** The question's words that named those people: they say who, not what, and weigh less as terms. */
  personWords: Set<string>;
  /** The question's words that named those channels: they say where, not what, and weigh nothing as terms. */
  channelWords: Set<string>;
  /** How the lexical and graph rankings combine: their scores added (the default), or reciprocal rank fusion. */
  fusion?: Fusion;
  /** The lexical score: term weights, title/body, coverage and proximity (the default), or `ts_rank_cd` alone. */
  scoring?: Scoring;
}

/** The lexical score (the evaluation measures both). */
export type Scoring = 'weighted' | 'rank_cd';

/** How the lexical and graph rankings combine (the evaluation measures both). */
export type Fusion = 'sum' | 'rrf';
/** The usual RRF constant, and the graph list's weight beside the lexical list's 1. */
const RRF_K = 60;
const RRF_GRAPH_WEIGHT = 0.8;

/** Inverse document frequency from the candidates: a term matched by fewer items weighs more. */
function termWeights(
  rows: readonly CandidateRow[],
  capped: readonly boolean[],
  understood: UnderstoodQuery,
  naming: { personWords: Set<string>; channelWords: Set<string> },
): number[] {
  const weights: number[] = [];
  for (let t = 0; t < understood.terms.length; t++) {
    const word = understood.terms[t]?.word ?? '';
    const personal = naming.channelWords.has(word)
      ? RANKING.channelWordAsTerm
      : naming.personWords.has(word)
        ? RANKING.personWordAsTerm
        : 1;
    let df = 0;
    for (const row of rows) if (row.in_title[t] || row.in_body[t]) df += 1;
    // A capped term matched more items than were fetched: it is common, whatever the count says.
    const effective = capped[t] ? df * 20 : df;
    weights.push(df === 0 ? 0 : personal * Math.log(1 + 400 / effective));
  }
  return weights;
}

const matchedWords = (row: CandidateRow, understood: UnderstoodQuery) =>
  understood.terms.filter((_, t) => row.in_title[t] || row.in_body[t]).map((term) => term.word);

/** The lexical score of each candidate, with the words it matched. */
function lexicalScores(
  rows: readonly CandidateRow[],
  capped: readonly boolean[],
  understood: UnderstoodQuery,
  naming: { personWords: Set<string>; channelWords: Set<string> },
): Map<string, number> {
  const weights = termWeights(rows, capped, understood, naming);
  const weightSum = weights.reduce((sum, w) => sum + w, 0);
  const total = weightSum || 1;
  const scores = new Map<string, number>();
  for (const row of rows) {
    let score = 0;
    let covered = 0;
    const titleWeight = DERIVED_TITLE_KINDS.has(row.kind) ? RANKING.derivedTitle : RANKING.title;
    // Long bodies match more words by chance; a mild length normalisation (BM25's b, softened).
    const bodyWeight = RANKING.body / (1 + 0.15 * Math.log(1 + row.body_length / 400));
    understood.terms.forEach((_, t) => {
      const w = weights[t] ?? 0;
      const inTitle = row.in_title[t] ? titleWeight : 0;
      const inBody = row.in_body[t] ? bodyWeight : 0;
      if (inTitle === 0 && inBody === 0) return;
      score += w * Math.max(inTitle, inBody);
      covered += w;
    });
    const coverage = covered / total;
    score *= 1 + RANKING.coverage * coverage * coverage;
    // Words that weigh nothing (a channel's name) earn no proximity either.
    score += RANKING.proximity * row.density * weightSum;
    scores.set(row.id, score);
  }
  return scores;
}

/**
 * Ranks candidates and their graph neighbours: lexical score, then a share of each strong hit's
 * score for the items linked to it (the PR that closes the matching issue, the thread around a
 * matching reply), then what the question names (platform, kind, person, time window) and a
 * recency prior. Every item carries the reasons it ranks where it does.
 */
export function rankItems(
  candidates: { rows: CandidateRow[]; capped: boolean[] },
  neighbours: { links: NeighbourLink[]; rows: NeighbourRow[] },
  context: Context,
): RankedItem[] {
  const { understood } = context;
  const lexical =
    context.scoring === 'rank_cd'
      ? new Map(candidates.rows.map((row) => [row.id, row.density * 10]))
      : lexicalScores(candidates.rows, candidates.capped, understood, context);
  const topLexical = Math.max(0, ...lexical.values());
  const items = new Map<string, RankedItem>();
  for (const row of candidates.rows) {
    const score = lexical.get(row.id) ?? 0;
    const words = matchedWords(row, understood);
    items.set(row.id, { row, score, why: words.length > 0 ? [`matched ${words.map((w) => `'${w}'`).join(', ')}`] : [] });
  }
  for (const row of neighbours.rows) if (!items.has(row.id)) items.set(row.id, { row, score: 0, why: [] });

  // Graph: each neighbour takes the best share any strong hit lends it.
  const best = new Map<string, { share: number; reason: string }>();
  for (const link of neighbours.links) {
    const hit = items.get(link.hit);
    if (!hit) continue;
    const fix = understood.fixIntent && link.relation === 'CLOSES' && link.towardsHit;
    const share = (fix ? RANKING.fixShare : (RANKING.share[link.relation] ?? 0)) * (lexical.get(link.hit) ?? 0);
    if (share <= (best.get(link.neighbour)?.share ?? 0)) continue;
    const hitWords = candidates.rows.find((row) => row.id === link.hit);
    const matched = hitWords ? matchedWords(hitWords, understood).join(' ') : '';
    const verb = describeRelation(link);
    best.set(link.neighbour, { share, reason: `${verb} ${link.hit}${matched ? `, which matched '${matched}'` : ''}` });
  }
  for (const [id, { share, reason }] of best) {
    const item = items.get(id);
    if (!item) continue;
    item.score += share;
    item.why.push(reason);
  }
  let top = topLexical;
  if (context.fusion === 'rrf') {
    // Reciprocal rank fusion of the lexical and the graph ranking, instead of adding the scores.
    const rankOf = (scores: Map<string, number>) => new Map([...scores].sort((a, b) => b[1] - a[1]).map(([id], i) => [id, i + 1] as const));
    const lexicalRank = rankOf(lexical);
    const graphRank = rankOf(new Map([...best].map(([id, { share }]) => [id, share])));
    for (const item of items.values()) {
      const l = lexicalRank.get(item.row.id);
      const g = graphRank.get(item.row.id);
      item.score = (l ? 1 / (RRF_K + l) : 0) + (g ? RRF_GRAPH_WEIGHT / (RRF_K + g) : 0);
    }
    top = 1 / (RRF_K + 1);
  }

  const now = Date.parse(context.asOf);
  const window = understood.window;
  for (const item of items.values()) {
    const row = item.row;
    if (understood.platforms.includes(row.platform)) {
      item.score *= RANKING.platform;
      item.why.push(`on ${row.platform}, as asked`);
    }
    if (understood.kinds.includes(row.kind)) {
      item.score *= RANKING.kind;
      item.why.push(`a ${row.kind.replace('_', ' ')}, as asked`);
    } else if (understood.fixIntent && (row.kind === 'pull_request' || row.kind === 'commit')) {
      item.score *= RANKING.fixKind;
    }
    const channel = row.container === null ? undefined : context.channels.get(`${row.platform}:${row.container}`);
    if (channel !== undefined) {
      item.score = (item.score + RANKING.namedBase * (top > 0 ? top : 1)) * RANKING.channel;
      item.why.push(`in ${channel}`);
    }
    const person = context.people.get(row.author_key);
    if (person !== undefined) {
      item.score = (item.score + RANKING.namedBase * (top > 0 ? top : 1)) * RANKING.person;
      item.why.push(`by ${person}`);
    }
    if (window) {
      const times = [row.created_at, row.updated_at].filter((t): t is Date => t !== null).map((t) => t.getTime());
      if (times.some((t) => t >= Date.parse(window.since) && t < Date.parse(window.until))) {
        item.score *= RANKING.window;
        item.why.push(`from ${window.words}`);
      }
    }
    const updated = row.updated_at?.getTime() ?? now;
    const weeks = Math.max(0, now - updated) / (7 * 86_400_000);
    item.score *= 1 + RANKING.recency / (1 + weeks);
  }
  return [...items.values()].filter((item) => item.score > 0);
}

function describeRelation(link: NeighbourLink): string {
  switch (link.relation) {
    case 'PARENT':
      return 'the thread or item that holds';
    case 'CHILD':
      return 'a reply or comment on';
    case 'CLOSES':
      return link.towardsHit ? 'closes' : 'closed by';
    case 'DUPLICATES':
      return link.towardsHit ? 'a duplicate of' : 'duplicated by';
    case 'BLOCKS':
      return link.towardsHit ? 'blocks' : 'blocked by';
    case 'REPLIES_TO':
      return link.towardsHit ? 'a reply to' : 'replied to by';
    default:
      return link.towardsHit ? 'references' : 'referenced by';
  }
}
