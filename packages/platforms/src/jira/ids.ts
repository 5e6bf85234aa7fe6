import { itemId } from '@pipe/events';

/** `jira:issue:ACME-12`: a Jira issue by its key. */
export const jiraIssueId = (key: string): string => itemId('jira', 'issue', key);
