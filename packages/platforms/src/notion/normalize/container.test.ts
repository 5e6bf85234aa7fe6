import { containerRef } from '@pipe/events';
import { describe, expect, it } from 'vitest';
import { DERIVED_CONTAINER_VERSION, KEY_ONLY_CONTAINER_VERSION } from '../../kit/container.js';
import { itemRef } from '../../item-refs.js';
import { parseItemUrl } from '../../item-urls.js';
import { eventsOfType, normalizedNotionEvents, notionFixture } from '../testing/notion-fixtures.js';

const DATABASE = '1a2b3c4d-5e6f-4071-8000-00000000d0c5';
const DATABASE_ID = `notion:document:${DATABASE}`;
const WORKSPACE_ID = 'notion:space:13950b26-c203-4f3b-b97d-93ec06319565';

const observed = (payload: { id?: string }) =>
  eventsOfType(normalizedNotionEvents(payload), 'item.observed').map((event) => event.data.item);

function pageInDatabase() {
  const payload = notionFixture('page.created');
  payload.data.parent = { id: DATABASE, type: 'database' };
  return payload;
}

describe('what holds a Notion page: its database, else the workspace (issue 15, defect 5)', () => {
  it('puts a page whose parent is a database in that database, observed as a thin item with its link', () => {
    const [page, database] = observed(pageInDatabase());
    expect(page?.container).toBe(DATABASE);
    expect(database).toMatchObject({
      id: DATABASE_ID,
      platform: 'notion',
      kind: 'database',
      title: `Notion database ${DATABASE}`,
      titleComposed: true,
      url: 'https://www.notion.so/1a2b3c4d5e6f4071800000000000d0c5',
      container: null,
      version: KEY_ONLY_CONTAINER_VERSION,
    });
    expect(itemRef(DATABASE_ID)).toBe(containerRef('notion', page?.container as string));
  });

  it.each(['page.created', 'comment.created'] as const)('puts a %s under a page in the workspace, named as the event names it', (name) => {
    const [own, workspace] = observed(notionFixture(name));
    expect(workspace).toMatchObject({
      id: WORKSPACE_ID,
      kind: 'space',
      title: 'Quantify Labs',
      url: null,
      version: DERIVED_CONTAINER_VERSION,
    });
    expect(itemRef(WORKSPACE_ID)).toBe(containerRef('notion', own?.container as string));
  });

  it("lets the database's own event outrank the sighting", () => {
    const payload = notionFixture('database.created');
    payload.entity.id = DATABASE;
    const [database] = observed(payload);
    expect(database).toMatchObject({ id: DATABASE_ID, kind: 'database' });
    expect(database?.version).toBeGreaterThan(DERIVED_CONTAINER_VERSION);
  });

  it.each([
    'https://www.notion.so/1a2b3c4d5e6f4071800000000000d0c5',
    'https://www.notion.so/acme/Engineering-docs-1a2b3c4d5e6f4071800000000000d0c5?v=0f1e2d3c4b5a69788796a5b4c3d2e1f0',
  ])('opens the database from its link %s', (url) => {
    expect(parseItemUrl(url)?.idPatterns).toContain(`notion:%:${DATABASE}`);
  });
});
