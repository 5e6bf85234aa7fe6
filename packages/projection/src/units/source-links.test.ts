import { type PipeEvent, createEvent } from '@pipe/events';
import { describe, expect, it } from 'vitest';
import { specify } from '../testing/given-when-then.js';
import { sourceLinks, statedEdges } from './source-links.js';

const given = specify(sourceLinks);
const link = (edge: 'BLOCKS' | 'RELATES_TO', removed = false, to = 'jira:issue:ACME-13'): PipeEvent =>
  createEvent(
    {
      team: 'acme',
      source: { platform: 'jira', deliveryId: `d-${Math.random()}`, receivedAt: '2026-11-01T10:00:00.000Z' },
      occurredAt: '2026-11-01T10:00:00.000Z',
    },
    {
      type: 'link.observed',
      data: { from: 'jira:issue:ACME-12', to, edge, removed },
    },
  );

describe('the links projection', () => {
  it('records a link a platform states, naming its target by reference, with the platform as its rule', () => {
    given()
      .when(link('BLOCKS'))
      .then([{ team: 'acme', from_id: 'jira:issue:ACME-12', to_ref: 'key:ACME-13', type: 'BLOCKS', removed: false, rule: 'jira-link' }]);
  });

  it('keeps the latest statement of a link: a removal after its creation', () => {
    given(link('RELATES_TO'))
      .when(link('RELATES_TO', true))
      .then([{ type: 'RELATES_TO', removed: true }]);
  });

  it('keeps links of different types or targets apart', () => {
    given(link('BLOCKS'), link('RELATES_TO'))
      .when(link('BLOCKS', false, 'jira:issue:ACME-14'))
      .then([
        { type: 'BLOCKS', to_ref: 'key:ACME-13' },
        { type: 'RELATES_TO', to_ref: 'key:ACME-13' },
        { type: 'BLOCKS', to_ref: 'key:ACME-14' },
      ]);
  });

  it('mirrors only the links standing into edges', () => {
    const state = sourceLinks.start();
    [link('BLOCKS'), link('RELATES_TO'), link('RELATES_TO', true)].forEach((event, i) => sourceLinks.plan(state, event, i + 1));
    expect(statedEdges(state)).toEqual([
      {
        team: 'acme',
        from_id: 'jira:issue:ACME-12',
        to_ref: 'key:ACME-13',
        type: 'BLOCKS',
        origin: 'source',
        rule: 'jira-link',
        snippet: null,
        event_id: expect.any(String),
      },
    ]);
  });
});
