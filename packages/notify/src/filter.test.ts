import { describe, expect, it } from 'vitest';
import type { ChangeFacts } from './change-facts.js';
import { FilterSyntaxError, matchesFilter, parseFilter } from './filter.js';

const facts = (overrides: Partial<ChangeFacts> = {}): ChangeFacts => ({
  itemId: 'github:pull_request:octo/api#7',
  team: 'acme',
  platform: 'github',
  kind: 'pull_request',
  container: 'octo/api',
  change: 'upserted',
  title: 'Fix login',
  url: null,
  state: 'closed',
  who: 'alice',
  what: 'merged',
  people: ['alice', 'alice liddell', 'alice@acme.dev'],
  edgesOut: [{ type: 'CLOSES', toPlatform: 'jira' }],
  edgesIn: [],
  at: '2026-12-06T12:00:00Z',
  ...overrides,
});

const matches = (when: string, overrides: Partial<ChangeFacts> = {}) => matchesFilter(parseFilter(when), facts(overrides));

describe('--when filters', () => {
  it('with no terms, match every change', () => {
    expect(parseFilter('  ').terms).toEqual([]);
    expect(matches('')).toBe(true);
  });

  it('a PR that closes a Jira issue', () => {
    const when = 'kind:pull_request edge:CLOSES:jira';
    expect(matches(when)).toBe(true);
    expect(matches(when, { edgesOut: [{ type: 'CLOSES', toPlatform: 'linear' }] })).toBe(false);
    expect(matches(when, { edgesOut: [{ type: 'REFERENCES', toPlatform: 'jira' }] })).toBe(false);
    expect(matches(when, { kind: 'issue' })).toBe(false);
    expect(matches('edge:closes')).toBe(true);
  });

  it('an item that becomes blocked: by its state, or by an edge pointing at it', () => {
    expect(matches('state:blocked', { state: 'Blocked' })).toBe(true);
    expect(matches('state:blocked')).toBe(false);
    expect(matches('edge-in:BLOCKS', { edgesIn: ['BLOCKS'] })).toBe(true);
    expect(matches('edge-in:BLOCKS')).toBe(false);
  });

  it('a release; one of several platforms; a container; a person by any name they go by', () => {
    expect(matches('kind:release', { kind: 'release' })).toBe(true);
    expect(matches('platform:jira,github')).toBe(true);
    expect(matches('platform:jira,linear')).toBe(false);
    expect(matches('container:octo/api')).toBe(true);
    expect(matches('container:octo/web')).toBe(false);
    expect(matches('person:Alice@acme.dev')).toBe(true);
    expect(matches('person:bob')).toBe(false);
    expect(matches('change:removed')).toBe(false);
  });

  it('refuses what it cannot read, saying what a valid filter looks like', () => {
    expect(() => parseFilter('colour:red')).toThrow(FilterSyntaxError);
    expect(() => parseFilter('colour:red')).toThrow(/field among platform, kind/);
    expect(() => parseFilter('kind:')).toThrow(/no value/);
    expect(() => parseFilter('kind:pr')).toThrow(/pr is not a kind; one of issue, pull_request/);
    expect(() => parseFilter('edge:FIXES')).toThrow(/FIXES is not an edge type/);
    expect(() => parseFilter('edge:CLOSES:jura')).toThrow(/jura is not a platform/);
    expect(() => parseFilter('blocked')).toThrow(/field:value/);
  });
});
