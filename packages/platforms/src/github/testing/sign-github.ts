import { sign } from '@octokit/webhooks-methods';

/** The `X-Hub-Signature-256` header GitHub sends with `body` for a webhook with `secret` (`sha256=…`). */
export const signGithubBody = (secret: string, body: string): Promise<string> => sign(secret, body);
