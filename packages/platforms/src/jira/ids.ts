import { itemId } from '@pipe/events';
import { likeEscape } from '../item-links.js';

/** `jira:issue:ACME-12`: a Jira issue by its key. */
export const jiraIssueId = (key: string): string => itemId('jira', 'issue', key);

/** `jira:project:ACME`: a Jira project by its key, the container of its issues and their comments. */
export const jiraProjectId = (key: string): string => itemId('jira', 'project', key);

/** `jira:comment:ACME-12/10001` */
export const jiraCommentId = (issueKey: string, commentId: string): string => itemId('jira', 'comment', `${issueKey}/${commentId}`);

/** A LIKE pattern over comment `commentId` on any issue (Jira's comment ids are unique in a site; a REST URL may name the issue by number). */
export const jiraCommentIdPattern = (commentId: string): string => `${likeEscape(itemId('jira', 'comment', ''))}%/${likeEscape(commentId)}`;
