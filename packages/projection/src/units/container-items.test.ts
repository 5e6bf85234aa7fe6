import type { ItemSnapshot } from '@pipe/events';
import { itemObserved, itemRemoved } from '@pipe/events/testing';
import { observedContainer } from '@pipe/platforms';
import { describe, it } from 'vitest';
import { specify } from '../testing/given-when-then.js';
import { items } from './items.js';

const given = specify(items);
const ID = 'github:repository:octo/demo';

/** What an issue's payload says of its repository: a thin snapshot at the derived version. */
const change = observedContainer({
  id: ID,
  platform: 'github',
  kind: 'repository',
  title: 'octo/demo',
  url: 'https://github.com/octo/demo',
});
const thin = (change as Extract<typeof change, { type: 'item.observed' }>).data.item;

/** What the repository's own event says: a dated, richer snapshot. */
const rich: ItemSnapshot = {
  ...thin,
  body: 'The demo repository',
  state: 'public',
  author: { platform: 'github', externalId: '1', handle: 'octo' },
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-02-01T00:00:00.000Z',
  version: Date.parse('2026-02-01T00:00:00.000Z'),
};

describe('a container observed thinly from the payloads that name it (issue 15, defect 5)', () => {
  it('becomes an item an assistant can open, with its reference', () => {
    given()
      .when(itemObserved(thin))
      .then([{ id: ID, ref: 'container:github:octo/demo', kind: 'repository', title: 'octo/demo', url: 'https://github.com/octo/demo' }]);
  });

  it('does not overwrite the repository event’s richer snapshot when it arrives later', () => {
    given(itemObserved(rich))
      .when(itemObserved(thin))
      .then([{ id: ID, body: 'The demo repository', state: 'public', version: rich.version, event_seq: 1 }]);
  });

  it('is replaced by the richer snapshot when it arrived first', () => {
    given(itemObserved(thin))
      .when(itemObserved(rich))
      .then([{ id: ID, body: 'The demo repository', state: 'public', version: rich.version, event_seq: 2 }]);
  });

  it('cannot revive a removed container', () => {
    given(itemRemoved(rich, rich.version))
      .when(itemObserved(thin))
      .then([{ id: ID, state: 'removed', event_seq: 1 }]);
  });
});
