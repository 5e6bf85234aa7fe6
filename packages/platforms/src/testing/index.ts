// Test helpers of @pipe/platforms: real platform payloads and signed deliveries, for the
// services' integration tests and the end-to-end suite. Test code: never imported by production.
export { githubExample, githubExamples, type GithubExampleEvent, type GithubExamplePayload } from '../github/testing/github-examples.js';
export { signGithubBody } from '../github/testing/sign-github.js';
export {
  slackExample,
  slackExampleNames,
  SLACK_SIGNING_EXAMPLE,
  type SlackExampleName,
  slackSignedHeaders,
} from '../slack/testing/index.js';
export { linearFixture, linearTestDelivery, type LinearFixture } from '../linear/testing/linear-fixtures.js';
export { jiraFixture, jiraTestDelivery, type JiraFixture } from '../jira/testing/jira-fixtures.js';
export { signJiraBody } from '../jira/testing/sign-jira.js';
export { discordFixture, type DiscordFixtureName } from '../discord/testing/discord-fixture.js';
export { signDiscordDelivery } from '../discord/testing/sign-discord.js';
export { notionFixture } from '../notion/testing/notion-fixtures.js';
export { startFakeNotionApi, type FakeNotionApi, type FakePage } from '../notion/testing/fake-notion-api.js';
export { hookFixture } from '../assistant/testing/hook-fixture.js';
export { likeMatches, linkFinds, normalizedSnapshots, snapshotOfKind } from './normalized-snapshots.js';
// A stand-in GitHub REST API (recorded @octokit/fixtures shapes, generated pages) for backfill tests and benches.
export {
  startFakeGithubApi,
  generateRepository,
  type FakeGithubApi,
  type FakeRepository,
  type FakeIssue,
  type Fault,
  type GeneratedRepository,
} from '../github/testing/fake-github-api.js';
// A stand-in Slack Web API (documented shapes, next_cursor paging, 429 with Retry-After).
export { startFakeSlackApi, generateSlackChannel, type FakeSlackApi, type FakeSlackMessage } from '../slack/testing/fake-slack-api.js';
// A stand-in Linear GraphQL API (pageInfo cursors).
export {
  startFakeLinearApi,
  generateLinearTeam,
  generateLinearProjects,
  linearRateLimited,
  type FakeLinearAnswer,
  type FakeLinearApi,
  type FakeLinearIssue,
  type FakeLinearProject,
} from '../linear/testing/fake-linear-api.js';
// A stand-in Jira Cloud REST API (search/jql with nextPageToken, 429 with Retry-After).
export { startFakeJiraApi, generateJiraProject, type FakeJiraApi, type FakeJiraIssue } from '../jira/testing/fake-jira-api.js';
// A stand-in Discord HTTP API (documented shapes, before/after snowflake paging, X-RateLimit-* and 429 with retry_after).
export {
  startFakeDiscordApi,
  generateDiscordChannel,
  fakeDiscordMessage,
  fakeSnowflake,
  FAKE_DISCORD_BOT,
  type FakeDiscordApi,
  type FakeGuild,
  type FakeChannel,
} from '../discord/testing/fake-discord-api.js';
// A stand-in Discord Gateway (HELLO, IDENTIFY, READY, heartbeats, RESUME, dispatches) the stand-in API's /gateway/bot names.
export { startFakeDiscordGateway, type FakeDiscordGateway } from '../discord/testing/fake-discord-gateway.js';
