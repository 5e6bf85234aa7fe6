import { EdgeType, ItemKind, Platform } from '@pipe/events';
import type { ChangeFacts } from './change-facts.js';

/**
 * A rule's `--when` filter: terms separated by spaces, all of which must hold; a term is
 * `field:value`, and `field:a,b` holds when any of the values does. Examples (docs/notifications.md):
 *
 *     platform:github kind:pull_request edge:CLOSES:jira   a PR that closes a Jira issue
 *     state:blocked                                      an item whose state is blocked
 *     edge-in:BLOCKS                                     an item something else blocks
 *     kind:release                                       a release
 *     person:alice container:octo/api                    alice's changes in octo/api
 */
export interface Filter {
  readonly text: string;
  readonly terms: readonly FilterTerm[];
}

/** One `field:value[,value]` term. */
export type FilterTerm =
  | { field: 'platform' | 'kind' | 'container' | 'person' | 'state' | 'change'; values: string[] }
  | { field: 'edge'; values: { type: string; toPlatform: string | null }[] }
  | { field: 'edge-in'; values: string[] };

/** A `--when` that cannot be parsed; the message says what a valid one looks like. */
export class FilterSyntaxError extends Error {
  override readonly name = 'FilterSyntaxError';
  readonly code = 'FILTER_SYNTAX';
}

const FIELDS = ['platform', 'kind', 'container', 'person', 'state', 'change', 'edge', 'edge-in'] as const;
const EXAMPLE = 'e.g. --when "kind:pull_request edge:CLOSES:jira" (see docs/notifications.md)';

/** Parses a `--when` filter; the empty text matches every change. Throws {@link FilterSyntaxError}. */
export function parseFilter(text: string): Filter {
  const terms: FilterTerm[] = [];
  for (const word of text.trim().split(/\s+/).filter(Boolean)) {
    const colon = word.indexOf(':');
    const field = word.slice(0, colon) as (typeof FIELDS)[number];
    const raw = word.slice(colon + 1);
    if (colon < 1 || !FIELDS.includes(field)) {
      throw new FilterSyntaxError(`'${word}' is not a filter term: use field:value with a field among ${FIELDS.join(', ')}; ${EXAMPLE}`);
    }
    const values = raw.split(',').filter(Boolean);
    if (values.length === 0) throw new FilterSyntaxError(`'${word}' has no value after the colon; ${EXAMPLE}`);
    terms.push(parseTerm(field, values, word));
  }
  return { text: terms.length === 0 ? '' : text.trim().replace(/\s+/g, ' '), terms };
}

function parseTerm(field: (typeof FIELDS)[number], values: string[], word: string): FilterTerm {
  const oneOf = (allowed: readonly string[], value: string, what: string) => {
    if (!allowed.includes(value)) throw new FilterSyntaxError(`'${word}': ${value} is not ${what}; one of ${allowed.join(', ')}`);
    return value;
  };
  switch (field) {
    case 'platform':
      return { field, values: values.map((v) => oneOf(Platform.options, v.toLowerCase(), 'a platform')) };
    case 'kind':
      return { field, values: values.map((v) => oneOf(ItemKind.options, v.toLowerCase(), 'a kind')) };
    case 'change':
      return { field, values: values.map((v) => oneOf(['upserted', 'removed'], v.toLowerCase(), 'a change')) };
    case 'container':
      return { field, values };
    case 'person':
    case 'state':
      return { field, values: values.map((v) => v.toLowerCase()) };
    case 'edge-in':
      return { field, values: values.map((v) => oneOf(EdgeType.options, v.toUpperCase(), 'an edge type')) };
    case 'edge':
      return {
        field,
        values: values.map((v) => {
          const [type = '', toPlatform] = v.split(':');
          return {
            type: oneOf(EdgeType.options, type.toUpperCase(), 'an edge type'),
            toPlatform: toPlatform === undefined ? null : oneOf(Platform.options, toPlatform.toLowerCase(), 'a platform'),
          };
        }),
      };
  }
}

/** True when the change satisfies every term of the filter. */
export function matchesFilter(filter: Filter, facts: ChangeFacts): boolean {
  return filter.terms.every((term) => matchesTerm(term, facts));
}

function matchesTerm(term: FilterTerm, facts: ChangeFacts): boolean {
  switch (term.field) {
    case 'platform':
      return term.values.includes(facts.platform);
    case 'kind':
      return term.values.includes(facts.kind);
    case 'change':
      return term.values.includes(facts.change);
    case 'container':
      return facts.container !== null && term.values.includes(facts.container);
    case 'state':
      return facts.state !== null && term.values.includes(facts.state.toLowerCase());
    case 'person':
      return term.values.some((person) => facts.people.includes(person));
    case 'edge-in':
      return term.values.some((type) => facts.edgesIn.includes(type));
    case 'edge':
      return term.values.some((wanted) =>
        facts.edgesOut.some((edge) => edge.type === wanted.type && (wanted.toPlatform === null || edge.toPlatform === wanted.toPlatform)),
      );
  }
}
