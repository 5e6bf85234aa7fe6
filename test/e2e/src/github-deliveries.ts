import { randomUUID } from 'node:crypto';
import examples from '@octokit/webhooks-examples' with { type: 'json' };
import { sign } from '@octokit/webhooks-methods';

/** The parts of GitHub's `issues.opened` example payload the tests change. */
export interface IssuesOpenedPayload {
  issue: { number: number; title: string; body: string | null };
  repository: { full_name: string };
}

/** A fresh copy of the real `issues.opened` example payload GitHub documents. */
export function issuesOpened(): IssuesOpenedPayload {
  const issues = (examples as unknown as { name: string; examples: { action?: string }[] }[]).find((e) => e.name === 'issues');
  const opened = issues?.examples.find((e) => e.action === 'opened');
  if (!opened) throw new Error('@octokit/webhooks-examples has no issues.opened example');
  return structuredClone(opened) as unknown as IssuesOpenedPayload;
}

/** The request GitHub would send for a payload: JSON body, event, delivery id and signature headers. */
export async function signedGithubDelivery(secret: string, event: string, payload: unknown): Promise<RequestInit> {
  const body = JSON.stringify(payload);
  return {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-github-event': event,
      'x-github-delivery': randomUUID(),
      'x-hub-signature-256': await sign(secret, body),
    },
    body,
  };
}
