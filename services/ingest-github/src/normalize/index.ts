export { normalizeGithubDelivery } from './normalize-github-delivery.js';
export type { GithubDelivery, NormalizeResult } from './github-delivery.js';
export { GithubPayloadError } from './github-payload-error.js';
