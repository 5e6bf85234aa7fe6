export { testOrigin, githubIssueSnapshot, itemObserved, itemRemoved, activityObserved } from './event-builders.js';
