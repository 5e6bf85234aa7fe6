export { normalizeJiraDelivery } from './normalize-jira-delivery.js';
export type { JiraContext, JiraDelivery } from './jira-delivery.js';
export { issueKeysIn, type IssueKey } from './issue-keys.js';
export { jiraIssueId } from './issue.js';
export { jiraCommentId } from '../ids.js';
export { jiraLinkEdge } from './link-type.js';
