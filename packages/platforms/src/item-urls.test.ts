import { describe, expect, it } from 'vitest';
import { parseItemUrl } from './item-urls.js';

describe('parseItemUrl', () => {
  it('gives the reference an edge to each platform’s item link points at', () => {
    expect(parseItemUrl('https://github.com/octo/demo/pull/8')?.ref).toBe('github:octo/demo#8');
    expect(parseItemUrl('https://github.com/octo/demo/issues/7#issuecomment-123')?.ref).toBe('github:comment:octo/demo#7/123');
    expect(parseItemUrl('https://github.com/octo/demo')?.ref).toBe('container:github:octo/demo');
    expect(parseItemUrl('https://acme.atlassian.net/browse/ACME-12')?.ref).toBe('key:ACME-12');
    expect(parseItemUrl('https://linear.app/acme/issue/eng-42/fix')?.ref).toBe('key:ENG-42');
    expect(parseItemUrl('https://acme.slack.com/archives/C2/p1700000000000100')?.ref).toBe('slack:C2/1700000000.000100');
    expect(parseItemUrl('https://www.notion.so/acme/Runbook-0123456789abcdef0123456789abcdef')?.ref).toBe(
      'notion:page:01234567-89ab-cdef-0123-456789abcdef',
    );
    expect(parseItemUrl('https://discord.com/channels/1/2/3')?.ref).toBe('discord:message:1/2/3');
  });

  it('leaves the reference out when the link does not say which item it is', () => {
    expect(parseItemUrl('https://github.com/octo/demo/commit/abcdef1')).toEqual({
      ref: null,
      ids: [],
      refs: [],
      idPatterns: ['github:commit:octo/demo@abcdef1%'],
    });
    expect(parseItemUrl('https://discord.com/channels/1/2')?.ref).toBeNull();
    expect(parseItemUrl('https://example.com/a')).toEqual({ ref: null, ids: [], refs: [], idPatterns: [] });
  });

  it('reads a Notion id from the query when the path has none, as pasted peek links carry it', () => {
    expect(parseItemUrl('https://www.notion.so/acme?p=0123456789abcdef0123456789abcdef')?.ref).toBe(
      'notion:page:01234567-89ab-cdef-0123-456789abcdef',
    );
  });

  it('gives a host to its own platform before a self-hosted Jira’s /browse/ path', () => {
    expect(parseItemUrl('https://jira.acme.io/browse/ACME-12')?.ids).toEqual(['jira:issue:ACME-12']);
    expect(parseItemUrl('https://linear.app/browse/ACME-12')?.ids).toEqual([]);
  });
});
