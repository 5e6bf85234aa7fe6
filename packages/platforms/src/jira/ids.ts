import { itemId } from '@pipe/events';

/** `jira:issue:ACME-12`: a Jira issue by its key. */
export const jiraIssueId = (key: string): string => itemId('jira', 'issue', key);

/** `jira:comment:ACME-12/10001` */
export const jiraCommentId = (issueKey: string, commentId: string): string => itemId('jira', 'comment', `${issueKey}/${commentId}`);
