import { containerRef } from '@pipe/events';
import { describe, expect, it } from 'vitest';
import { DERIVED_CONTAINER_VERSION, KEY_ONLY_CONTAINER_VERSION } from '../../kit/container.js';
import { itemRef } from '../../item-refs.js';
import { parseItemUrl } from '../../item-urls.js';
import { eventsOfType, jiraFixture, normalizedJiraEvents } from '../testing/jira-fixtures.js';

const PROJECT_ID = 'jira:project:JRA';

const projectOf = (payload: unknown) =>
  eventsOfType(normalizedJiraEvents(payload), 'item.observed').find((observed) => observed.data.item.id === PROJECT_ID)?.data.item;

describe('the Jira project a delivery names (issue 15, defect 5)', () => {
  it.each(['issue-created', 'issue-updated', 'comment-created'] as const)('observes the project of %s as a thin item', (name) => {
    expect(projectOf(jiraFixture(name))).toMatchObject({
      platform: 'jira',
      kind: 'project',
      title: 'Jira project JRA',
      titleComposed: true,
      url: 'https://jira.atlassian.com/browse/JRA',
      container: null,
      version: KEY_ONLY_CONTAINER_VERSION,
    });
  });

  it('takes the name from fields.project, outranking a sighting that knew only the key', () => {
    const payload = jiraFixture('issue-updated');
    payload.issue.fields.project = { self: 'https://jira.atlassian.com/rest/api/2/project/10240', id: '10240', key: 'JRA', name: 'Jira' };
    const project = projectOf(payload);
    expect(project).toMatchObject({ title: 'Jira', version: DERIVED_CONTAINER_VERSION });
    expect(project?.titleComposed).toBeUndefined();
  });

  it('is what the PART_OF of the issue and its comments points at', () => {
    const [comment] = eventsOfType(normalizedJiraEvents(jiraFixture('comment-created')), 'item.observed');
    expect(itemRef(PROJECT_ID)).toBe(containerRef('jira', comment?.data.item.container as string));
  });

  it.each([
    'https://jira.atlassian.com/browse/JRA',
    'https://jira.atlassian.com/browse/jra',
    'https://jira.example.com/browse/JRA',
    'https://acme.atlassian.net/jira/software/projects/JRA/boards/1',
    'https://acme.atlassian.net/jira/software/c/projects/JRA/issues',
    'https://acme.atlassian.net/jira/core/projects/JRA/summary',
  ])('opens from its page %s', (url) => {
    expect(parseItemUrl(url)?.ids).toEqual([PROJECT_ID]);
  });

  it('leaves an issue on a board an issue', () => {
    expect(parseItemUrl('https://acme.atlassian.net/jira/software/projects/JRA/boards/1?selectedIssue=JRA-9')?.ids).toEqual([
      'jira:issue:JRA-9',
    ]);
  });
});
