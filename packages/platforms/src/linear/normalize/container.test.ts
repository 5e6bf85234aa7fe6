import { containerRef } from '@pipe/events';
import { describe, expect, it } from 'vitest';
import { DERIVED_CONTAINER_VERSION, KEY_ONLY_CONTAINER_VERSION } from '../../kit/container.js';
import { itemRef } from '../../item-refs.js';
import { parseItemUrl } from '../../item-urls.js';
import { eventsOfType, linearFixture, normalizedLinearEvents } from '../testing/linear-fixtures.js';

const TEAM_ID = 'linear:team:LIN';

const observed = (payload: unknown) => eventsOfType(normalizedLinearEvents(payload), 'item.observed').map((event) => event.data.item);

describe('the Linear team (and project) a delivery names (issue 15, defect 5)', () => {
  it('observes the team of an issue as a thin item, named, on its workspace', () => {
    expect(observed(linearFixture('issue-create')).find((item) => item.id === TEAM_ID)).toMatchObject({
      platform: 'linear',
      kind: 'team',
      title: 'Linear',
      url: 'https://linear.app/company/team/LIN',
      container: null,
      version: DERIVED_CONTAINER_VERSION,
    });
  });

  it('observes the team of a comment by the key its issue names, below any sighting with a name', () => {
    expect(observed(linearFixture('comment-create')).find((item) => item.id === TEAM_ID)).toMatchObject({
      kind: 'team',
      title: 'Linear team LIN',
      titleComposed: true,
      // The documented comment URL names no workspace.
      url: null,
      version: KEY_ONLY_CONTAINER_VERSION,
    });
  });

  it('observes the project an issue is in', () => {
    const payload = linearFixture('issue-update');
    payload.data.project = {
      id: '7a5e1d2c-0000-4000-8000-000000000001',
      name: 'Checkout',
      url: 'https://linear.app/company/project/checkout-3fa85f64',
    };
    expect(observed(payload).find((item) => item.kind === 'project')).toMatchObject({
      id: 'linear:project:7a5e1d2c-0000-4000-8000-000000000001',
      title: 'Checkout',
      url: 'https://linear.app/company/project/checkout-3fa85f64',
      version: DERIVED_CONTAINER_VERSION,
    });
  });

  it('is what the PART_OF of the issue and its comments points at', () => {
    for (const name of ['issue-create', 'comment-create'] as const) {
      const own = observed(linearFixture(name))[0];
      expect(itemRef(TEAM_ID)).toBe(containerRef('linear', own?.container as string));
    }
  });

  it.each([
    'https://linear.app/company/team/LIN',
    'https://linear.app/company/team/LIN/active',
    'https://linear.app/company/team/lin/backlog',
  ])('opens from its page %s', (url) => {
    expect(parseItemUrl(url)?.ids).toEqual([TEAM_ID]);
  });
});
