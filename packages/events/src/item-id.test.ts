import { describe, expect, it } from 'vitest';
import { itemUri } from './item-id.js';
import { eventSubject, subjectPartition, teamPartition } from './subjects.js';
import { githubIssueSnapshot, itemObserved } from './testing/index.js';

describe('item ids', () => {
  it('map to pipe:// resource URIs and subjects', () => {
    expect(itemUri('github:issue:octo/demo#7')).toBe('pipe://items/github%3Aissue%3Aocto%2Fdemo%237');
    const event = itemObserved(githubIssueSnapshot('octo/demo', 7));
    const partition = teamPartition('acme');
    expect(eventSubject(event)).toBe(`pipe.events.${partition}.acme.github.item_observed`);
    expect(eventSubject(event, 't1.pipe')).toBe(`t1.pipe.events.${partition}.acme.github.item_observed`);
    expect(eventSubject(event, 'pipe', 1)).toBe('pipe.events.0.acme.github.item_observed');
    expect(subjectPartition(eventSubject(event))).toBe(partition);
    // Teams spread over the partitions, each always to the same one.
    const spread = new Set(['acme', 'beta', 'gamma', 'delta', 'omega', 'zeta', 'demo', 'bench'].map((t) => teamPartition(t)));
    expect(spread.size).toBeGreaterThan(1);
    expect(teamPartition('acme')).toBe(partition);
  });
});
