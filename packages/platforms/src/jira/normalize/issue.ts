import type { ItemSnapshot } from '@pipe/events';
import { jiraIssueId } from '../ids.js';
import { jiraIssueUrl } from '../links.js';
import { type DeliveryFacts, parsePayload } from '../../kit/index.js';
import { z } from 'zod';
import { type JiraDelivery, describeDelivery } from './jira-delivery.js';
import { JiraIssue, JiraUser } from './jira-schemas.js';
import { jiraPlainText } from './jira-text.js';
import { epochMs, isoTime } from './jira-time.js';
import { jiraIdentityRef, observedJiraIdentity } from './identity.js';
import { jiraLinkEdge } from './link-type.js';

const IssuePayload = z.looseObject({
  timestamp: z.number().int().nonnegative(),
  issue: JiraIssue,
  user: JiraUser.nullish(),
});

/** `jira:issue:ACME-12` */
export { jiraIssueId };

/** The project key of an issue: `fields.project.key`, else the part of the key before the dash. */
export function projectKey(issue: JiraIssue): string {
  return issue.fields.project?.key ?? issue.key.slice(0, issue.key.lastIndexOf('-'));
}

/** The page a person opens: `https://<site>/browse/ACME-12`, built from the issue's REST `self`. */
export function browseUrl(issue: JiraIssue): string | null {
  if (!issue.self) return null;
  try {
    return jiraIssueUrl(new URL(issue.self).origin, issue.key);
  } catch {
    return null;
  }
}

/**
 * The issue's snapshot. Its version is `fields.updated` in epoch ms; Jira's own example leaves
 * `updated` out, and then the webhook's `timestamp` (when Jira raised the event) stands in.
 */
export function issueSnapshot(issue: JiraIssue, timestamp: number): ItemSnapshot {
  const { fields } = issue;
  const author = fields.reporter ?? fields.creator ?? null;
  return {
    id: jiraIssueId(issue.key),
    platform: 'jira',
    kind: 'issue',
    title: fields.summary ?? '',
    body: jiraPlainText(fields.description),
    url: browseUrl(issue),
    state: fields.status?.name ?? null,
    container: projectKey(issue),
    parentId: null,
    author: author ? jiraIdentityRef(author) : null,
    createdAt: fields.created ? isoTime(fields.created) : null,
    updatedAt: fields.updated ? isoTime(fields.updated) : new Date(timestamp).toISOString(),
    version: fields.updated ? epochMs(fields.updated) : timestamp,
  };
}

/**
 * `jira:issue_created` / `jira:issue_updated` / `jira:issue_deleted`: the issue's snapshot (or its
 * removal), the links its `fields.issuelinks` state (each link from its outward side), the people,
 * and what the user did.
 */
export function normalizeIssueEvent(delivery: JiraDelivery, event: string): DeliveryFacts {
  const { timestamp, issue, user } = parsePayload(IssuePayload, delivery.payload, describeDelivery(delivery, event));
  const verb = event.slice('jira:issue_'.length);
  const id = jiraIssueId(issue.key);
  const snapshot = issueSnapshot(issue, timestamp);
  const facts: DeliveryFacts = {
    occurredAt: new Date(timestamp).toISOString(),
    identities: [],
    items: [],
    links: [],
    activities: [
      {
        itemId: id,
        verb,
        actor: user ? jiraIdentityRef(user) : null,
        summary: `${user?.displayName ?? 'someone'} ${verb} issue ${issue.key}: ${snapshot.title}`,
      },
    ],
  };
  for (const person of [user, issue.fields.reporter, issue.fields.creator]) {
    if (person) facts.identities.push(observedJiraIdentity(person));
  }
  if (verb === 'deleted') {
    // A removal must outrank the last snapshot, which carries the same `updated`.
    facts.items.push({
      type: 'item.removed',
      data: { itemId: id, platform: 'jira', kind: 'issue', version: Math.max(snapshot.version, timestamp) },
    });
    return facts;
  }
  facts.items.push({ type: 'item.observed', data: { item: snapshot } });
  facts.links?.push(...issueLinks(issue));
  return facts;
}

/**
 * The links an issue's `fields.issuelinks` states, each read from its outward side (`ACME-1 blocks
 * ACME-2` is `ACME-1 —BLOCKS→ ACME-2` whichever issue names it). Webhook and REST issues carry the
 * field in the same shape, so a backfilled issue draws the edges its webhook would.
 */
export function issueLinks(issue: JiraIssue): NonNullable<DeliveryFacts['links']> {
  const id = jiraIssueId(issue.key);
  return (issue.fields.issuelinks ?? []).flatMap((link) => {
    const edge = jiraLinkEdge(link.type.name);
    return [
      ...(link.outwardIssue ? [{ from: id, to: jiraIssueId(link.outwardIssue.key), edge, removed: false }] : []),
      ...(link.inwardIssue ? [{ from: jiraIssueId(link.inwardIssue.key), to: id, edge, removed: false }] : []),
    ];
  });
}
