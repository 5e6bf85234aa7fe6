import { createHmac } from 'node:crypto';

/** The `X-Hub-Signature` Jira sends for `body` under `secret` (for tests and tools). */
export const signJiraBody = (secret: string, body: string | Buffer): string =>
  `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
