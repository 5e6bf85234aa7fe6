import { activityObserved, githubIssueSnapshot, itemObserved } from '@pipe/events/testing';
import { describe, it } from 'vitest';
import { specify } from '../testing/given-when-then.js';
import { activities } from './activities.js';

const given = specify(activities);
const ISSUE = 'github:issue:octo/demo#7';

describe('the activities projection', () => {
  it('adds an activity to the timeline', () => {
    given()
      .when(activityObserved(ISSUE, 'opened', 'github:d1:0'))
      .then([
        {
          team: 'acme',
          id: 'github:d1:0',
          item_id: ISSUE,
          verb: 'opened',
          actor_handle: null,
          actor_platform: null,
          summary: `opened ${ISSUE}`,
        },
      ]);
  });

  it('keeps the first record of an activity delivered twice', () => {
    const first = activityObserved(ISSUE, 'opened', 'github:d1:0');
    given(first)
      .when(activityObserved(ISSUE, 'closed', 'github:d1:0'))
      .then([{ id: 'github:d1:0', verb: 'opened', event_id: first.id }]);
  });

  it('keeps distinct activities, and the same id in two teams', () => {
    given(activityObserved(ISSUE, 'opened', 'a1'), activityObserved(ISSUE, 'closed', 'a2'))
      .when(activityObserved(ISSUE, 'opened', 'a1', 'globex'))
      .then([
        { team: 'acme', id: 'a1' },
        { team: 'acme', id: 'a2' },
        { team: 'globex', id: 'a1' },
      ]);
  });

  it('reads only activity events', () => {
    given()
      .when(itemObserved(githubIssueSnapshot('octo/demo', 7)))
      .then([]);
  });
});
