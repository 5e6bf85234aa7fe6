export { slackExample, slackExampleNames, SLACK_SIGNING_EXAMPLE, type SlackExampleName } from './slack-examples.js';
export { slackSignedHeaders } from './sign-slack.js';
