export { buildApp } from './app.js';
export { githubPlatform } from './github-platform.js';
export { normalizeGithubDelivery, GithubPayloadError, type GithubDelivery, type NormalizeResult } from './normalize/index.js';
