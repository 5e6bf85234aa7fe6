import { describe, expect, it } from 'vitest';
import { understandQuery } from './understand-query.js';

const AS_OF = '2026-12-05T12:00:00Z';

describe('understandQuery', () => {
  it('drops question and filler words and keeps what decides the match, with synonyms', () => {
    const understood = understandQuery('Is there a postmortem for the payment provider outage?', AS_OF);
    expect(understood.terms.map((t) => t.word)).toEqual(['postmortem', 'payment', 'provider', 'outage']);
    expect(understood.terms.find((t) => t.word === 'outage')?.aliases).toContain('incident');
  });

  it('reads keys, repository numbers, bare numbers and URLs as exact lookups', () => {
    const understood = understandQuery('compare PAY-12 with acme/checkout#7, #9 and https://linear.app/acme/issue/WEB-4/x', AS_OF);
    expect(understood.keys.refs).toEqual(['github:acme/checkout#7', 'key:PAY-12']);
    expect(understood.keys.numbers).toEqual([9]);
    expect(understood.keys.urls).toEqual(['https://linear.app/acme/issue/WEB-4/x']);
    expect(understandQuery('can you pull up WEB-48', AS_OF).keysOnly).toBe(true);
  });

  it('reads platform, kind and fix words as what the answer should be, not as words it must contain', () => {
    const understood = understandQuery('Which pull request fixed the Safari login loop in GitHub?', AS_OF);
    expect(understood.platforms).toEqual(['github']);
    expect(understood.kinds).toEqual(['pull_request']);
    expect(understood.fixIntent).toBe(true);
    expect(understood.terms.map((t) => t.word)).toEqual(['safari', 'login', 'loop']);
    // Nothing but such words: they are the keywords.
    expect(understandQuery('session', AS_OF).terms.map((t) => t.word)).toEqual(['session']);
  });

  it('reads time words as a window measured from the asking instant', () => {
    expect(understandQuery('what broke yesterday', AS_OF).window).toMatchObject({
      since: '2026-12-04T00:00:00.000Z',
      until: '2026-12-05T00:00:00.000Z',
    });
    // 2026-12-05 is a Saturday: last week is Monday 23 to Monday 30 November.
    expect(understandQuery('Which issues did Maya open last week?', AS_OF).window).toMatchObject({
      since: '2026-11-23T00:00:00.000Z',
      until: '2026-11-30T00:00:00.000Z',
    });
    expect(understandQuery('deploys in october', AS_OF).window?.since).toBe('2026-10-01T00:00:00.000Z');
  });

  it('reads #name as a channel to favour, keeping the name as a word, and #12 as an issue number', () => {
    const understood = understandQuery('What happened in #incidents yesterday? (see #12, and #design-review)', AS_OF);
    expect(understood.channels).toEqual(['incidents', 'design-review']);
    expect(understood.keys.numbers).toEqual([12]);
    expect(understood.terms.map((t) => t.word)).toContain('incidents');
    expect(understandQuery('deploy freeze in #eng', AS_OF).channels).toEqual(['eng']);
    expect(understandQuery('the C# client and issue#4', AS_OF).channels).toEqual([]);
  });
});
