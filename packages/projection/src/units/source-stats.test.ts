import { type PipeEvent, createEvent } from '@pipe/events';
import { activityObserved, githubIssueSnapshot, itemObserved } from '@pipe/events/testing';
import { describe, it } from 'vitest';
import { specify } from '../testing/given-when-then.js';
import { sourceStats } from './source-stats.js';

const given = specify(sourceStats);
const at = (platform: 'github' | 'slack', receivedAt: string, occurredAt: string, team = 'acme'): PipeEvent =>
  createEvent(
    { team, source: { platform, deliveryId: `d-${receivedAt}-${occurredAt}`, receivedAt }, occurredAt },
    { type: 'delivery.skipped', data: { event: 'ping', action: null, reason: 'not normalised' } },
  );

describe('the source stats projection', () => {
  it('counts every event, of any type, towards its platform', () => {
    given(itemObserved(githubIssueSnapshot('octo/demo', 7)), activityObserved('github:issue:octo/demo#7', 'opened', 'a1'))
      .when(at('github', '2026-11-01T10:00:00.000Z', '2026-11-01T09:00:00.000Z'))
      .then([{ team: 'acme', platform: 'github', events: 3, last_event_seq: 3 }]);
  });

  it('keeps the latest arrival and the latest source time, whatever their order', () => {
    given(at('github', '2026-11-01T12:00:00.000Z', '2026-11-01T08:00:00.000Z'))
      .when(at('github', '2026-11-01T11:00:00.000Z', '2026-11-01T09:00:00.000Z'))
      .then([{ events: 2, last_received_at: '2026-11-01T12:00:00.000Z', last_occurred_at: '2026-11-01T09:00:00.000Z', last_event_seq: 2 }]);
  });

  it('adds up the counts of batches folded together', () => {
    given(at('github', '2026-11-01T10:00:00.000Z', '2026-11-01T10:00:00.000Z'))
      .when(
        at('github', '2026-11-01T10:01:00.000Z', '2026-11-01T10:01:00.000Z'),
        at('github', '2026-11-01T10:02:00.000Z', '2026-11-01T10:02:00.000Z'),
      )
      .then([{ events: 3, last_event_seq: 3, last_received_at: '2026-11-01T10:02:00.000Z' }]);
  });

  it('keeps platforms and teams apart', () => {
    given(
      at('github', '2026-11-01T10:00:00.000Z', '2026-11-01T10:00:00.000Z'),
      at('slack', '2026-11-01T10:00:00.000Z', '2026-11-01T10:00:00.000Z'),
    )
      .when(at('github', '2026-11-01T10:00:00.000Z', '2026-11-01T10:00:00.000Z', 'globex'))
      .then([
        { team: 'acme', platform: 'github', events: 1, last_event_seq: 1 },
        { team: 'acme', platform: 'slack', events: 1, last_event_seq: 2 },
        { team: 'globex', platform: 'github', events: 1, last_event_seq: 3 },
      ]);
  });
});
