import { describe, expect, it } from 'vitest';
import { lookupForUrl } from './platform-urls.js';

describe('lookupForUrl', () => {
  it('names GitHub issues, pull requests, comments, reviews, commits and repositories', () => {
    expect(lookupForUrl('https://github.com/octo/demo/issues/7')).toEqual({ ids: ['github:issue:octo/demo#7'], refs: ['github:octo/demo#7'], idPatterns: [] });
    expect(lookupForUrl('https://github.com/octo/demo/pull/8/files')).toMatchObject({ ids: ['github:pull_request:octo/demo#8'], refs: ['github:octo/demo#8'] });
    expect(lookupForUrl('https://github.com/octo/demo/issues/7#issuecomment-123')?.ids).toEqual(['github:comment:octo/demo#7/123']);
    expect(lookupForUrl('https://github.com/octo/demo/pull/8#pullrequestreview-987')?.ids).toEqual(['github:review:octo/demo#8/987']);
    expect(lookupForUrl('https://github.com/octo/demo/commit/ABCDEF1')?.idPatterns).toEqual(['github:commit:octo/demo@abcdef1%']);
    expect(lookupForUrl(`https://github.com/octo/demo/commit/${'a'.repeat(40)}`)?.ids).toEqual([`github:commit:octo/demo@${'a'.repeat(40)}`]);
    expect(lookupForUrl('https://github.com/octo/demo')?.ids).toEqual(['github:repository:octo/demo']);
  });

  it('names Jira and Linear issues by their key', () => {
    expect(lookupForUrl('https://acme.atlassian.net/browse/ACME-12')).toEqual({ ids: ['jira:issue:ACME-12'], refs: ['key:ACME-12'], idPatterns: [] });
    expect(lookupForUrl('https://acme.atlassian.net/jira/software/projects/ACME/boards/1?selectedIssue=ACME-3')?.refs).toEqual(['key:ACME-3']);
    expect(lookupForUrl('https://linear.app/acme/issue/ENG-42/fix-the-thing')).toEqual({ ids: ['linear:issue:ENG-42'], refs: ['key:ENG-42'], idPatterns: [] });
  });

  it('names Slack messages, Notion pages and Discord messages by pattern', () => {
    expect(lookupForUrl('https://acme.slack.com/archives/C2/p1700000000000100')?.idPatterns).toContain('slack:message:%/C2/1700000000.000100');
    expect(lookupForUrl('https://www.notion.so/acme/Runbook-0123456789abcdef0123456789abcdef')?.idPatterns).toEqual([
      'notion:%:01234567-89ab-cdef-0123-456789abcdef',
      'notion:%:0123456789abcdef0123456789abcdef',
    ]);
    expect(lookupForUrl('https://discord.com/channels/1/2/3')?.idPatterns[0]).toBe('discord:%:1/2/3');
  });

  it('is null for text that is not a web URL, and empty for unknown hosts (the url column decides)', () => {
    expect(lookupForUrl('github:issue:octo/demo#7')).toBeNull();
    expect(lookupForUrl('ftp://github.com/x')).toBeNull();
    expect(lookupForUrl('https://example.com/a')).toEqual({ ids: [], refs: [], idPatterns: [] });
  });
});
