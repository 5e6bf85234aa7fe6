import { describe, expect, it } from 'vitest';
import { parseItemUrl } from '../item-urls.js';

/** What the gateway looks up for a URL (`lookupForUrl`): the parsed link without the edge reference. */
function lookupForUrl(url: string) {
  const link = parseItemUrl(url);
  return link && { ids: link.ids, refs: link.refs, idPatterns: link.idPatterns };
}

describe('Jira links', () => {
  it('names Jira issues by their key', () => {
    expect(lookupForUrl('https://acme.atlassian.net/browse/ACME-12')).toEqual({ ids: ['jira:issue:ACME-12'], refs: ['key:ACME-12'], idPatterns: [] });
    expect(lookupForUrl('https://acme.atlassian.net/jira/software/projects/ACME/boards/1?selectedIssue=ACME-3')?.refs).toEqual(['key:ACME-3']);
  });
});
