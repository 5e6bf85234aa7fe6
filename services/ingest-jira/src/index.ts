export { jiraPlatform, jiraPlatformFor } from './jira-platform.js';
export { verifyJiraSignature, signJiraBody } from './verify-signature.js';
export { dbIssueKeyDirectory, type IssueKeyDirectory } from './issue-key-directory.js';
export { normalizeJiraDelivery, issueKeysIn, jiraIssueId, jiraCommentId, jiraLinkEdge, type JiraContext, type JiraDelivery } from './normalize/index.js';
