export { normalizeGithubDelivery } from './normalize-github-delivery.js';
export type { GithubDelivery } from './github-delivery.js';
