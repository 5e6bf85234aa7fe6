import { createHmac } from 'node:crypto';
import { signDiscordDelivery, signGithubBody, signJiraBody, slackSignedHeaders } from '@pipe/platforms/testing';
import type { HistoryDelivery } from './deliveries/index.js';
import type { HistoryTeam } from './history-stack.js';

/** What a team's ingest service answered to one delivery. */
export interface DeliveryAnswer {
  team: string;
  delivery: HistoryDelivery;
  status: number;
  /** True when the service said it had stored the delivery before (`{ duplicate: true }`). */
  duplicate: boolean;
  body: string;
}

const hmacHex = (secret: string, body: string) => createHmac('sha256', secret).update(body).digest('hex');

/**
 * The request a platform would send `team` for `delivery`: the body as the platform serialises it
 * and the headers it signs it with. `linearTimestamp` is the run's `webhookTimestamp` (Linear
 * rejects stale ones); a redelivery is the same body, signed again as the platform would.
 */
export async function signedRequest(
  team: HistoryTeam,
  delivery: HistoryDelivery,
  linearTimestamp: number,
  notionToken: string,
): Promise<RequestInit> {
  const json = { 'content-type': 'application/json' };
  const payload =
    delivery.platform === 'linear' ? { ...(delivery.payload as object), webhookTimestamp: linearTimestamp } : delivery.payload;
  const body = JSON.stringify(payload);
  switch (delivery.platform) {
    case 'github':
      return {
        method: 'POST',
        body,
        headers: {
          ...json,
          'x-github-event': delivery.event ?? '',
          'x-github-delivery': delivery.deliveryId,
          'x-hub-signature-256': await signGithubBody(team.secrets.github, body),
        },
      };
    case 'slack':
      return { method: 'POST', body, headers: { ...json, ...slackSignedHeaders(team.secrets.slack, body) } };
    case 'jira':
      return {
        method: 'POST',
        body,
        headers: {
          ...json,
          'x-hub-signature': signJiraBody(team.secrets.jira, body),
          'x-atlassian-webhook-identifier': delivery.deliveryId,
        },
      };
    case 'linear':
      return {
        method: 'POST',
        body,
        headers: {
          ...json,
          'linear-signature': hmacHex(team.secrets.linear, body),
          'linear-delivery': delivery.deliveryId,
          'linear-event': delivery.event ?? '',
        },
      };
    case 'notion':
      return { method: 'POST', body, headers: { ...json, 'x-notion-signature': `sha256=${hmacHex(notionToken, body)}` } };
    case 'discord':
      return { method: 'POST', body, headers: signDiscordDelivery(team.discordRelayKey, body) };
    case 'assistant':
      return { method: 'POST', body, headers: { ...json, authorization: `Bearer ${team.apiKey}`, ...delivery.headers } };
  }
}

/** Sends every delivery, in order, to each team in turn (the same body to both), and collects the answers. */
export async function deliverHistory(
  teams: readonly HistoryTeam[],
  history: readonly HistoryDelivery[],
  notionToken: string,
): Promise<DeliveryAnswer[]> {
  const linearTimestamp = Date.now();
  const answers: DeliveryAnswer[] = [];
  for (const delivery of history) {
    for (const team of teams) {
      const response = await fetch(team.urls[delivery.platform], await signedRequest(team, delivery, linearTimestamp, notionToken));
      const body = await response.text();
      answers.push({ team: team.slug, delivery, status: response.status, duplicate: /"duplicate"\s*:\s*true/.test(body), body });
    }
  }
  return answers;
}
