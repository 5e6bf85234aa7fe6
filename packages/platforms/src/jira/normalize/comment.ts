import type { ItemSnapshot } from '@pipe/events';
import { type DeliveryFacts, parsePayload } from '../../kit/index.js';
import { z } from 'zod';
import { type JiraDelivery, describeDelivery } from './jira-delivery.js';
import { JiraComment, JiraIssue } from './jira-schemas.js';
import { jiraPlainText } from './jira-text.js';
import { epochMs, isoTime } from './jira-time.js';
import { jiraIdentityRef, observedJiraIdentity } from './identity.js';
import { browseUrl, jiraIssueId, projectKey } from './issue.js';
import { jiraCommentId } from '../ids.js';
import { jiraCommentUrl } from '../links.js';

const CommentPayload = z.looseObject({
  timestamp: z.number().int().nonnegative(),
  comment: JiraComment,
  issue: JiraIssue,
});

export function commentSnapshot(issue: JiraIssue, comment: JiraComment, timestamp: number): ItemSnapshot {
  const url = browseUrl(issue);
  const updated = comment.updated ?? comment.created;
  return {
    id: jiraCommentId(issue.key, comment.id),
    platform: 'jira',
    kind: 'comment',
    // Comments have no title; the issue's is what a person searches for.
    title: `Comment on ${issue.key}: ${issue.fields.summary ?? ''}`.trim(),
    titleComposed: true,
    body: jiraPlainText(comment.body),
    url: url ? jiraCommentUrl(url, comment.id) : null,
    state: null,
    container: projectKey(issue),
    parentId: jiraIssueId(issue.key),
    author: comment.author ? jiraIdentityRef(comment.author) : null,
    createdAt: comment.created ? isoTime(comment.created) : null,
    updatedAt: updated ? isoTime(updated) : new Date(timestamp).toISOString(),
    version: updated ? epochMs(updated) : timestamp,
  };
}

/**
 * `comment_created` / `comment_updated` / `comment_deleted`: the comment (or its removal) with its
 * issue as parent, and who did it. The issue in these bodies is a partial view (no description),
 * so it is not re-observed here: that would blank the issue's text.
 */
export function normalizeCommentEvent(delivery: JiraDelivery, event: string): DeliveryFacts {
  const { timestamp, comment, issue } = parsePayload(CommentPayload, delivery.payload, describeDelivery(delivery, event));
  const verb = event.slice('comment_'.length);
  const snapshot = commentSnapshot(issue, comment, timestamp);
  const actorUser = verb === 'created' ? comment.author : (comment.updateAuthor ?? comment.author);
  const actor = actorUser ? jiraIdentityRef(actorUser) : null;
  const name = actorUser?.displayName ?? 'someone';
  const facts: DeliveryFacts = {
    occurredAt: new Date(timestamp).toISOString(),
    identities: [comment.author, comment.updateAuthor].flatMap((person) => (person ? [observedJiraIdentity(person)] : [])),
    items: [],
    activities: [
      verb === 'created'
        ? {
            itemId: jiraIssueId(issue.key),
            verb: 'commented',
            actor,
            summary: `${name} commented on ${issue.key}: ${issue.fields.summary ?? ''}`.trim(),
          }
        : { itemId: snapshot.id, verb, actor, summary: `${name} ${verb} a comment on ${issue.key}` },
    ],
  };
  facts.items.push(
    verb === 'deleted'
      ? {
          type: 'item.removed',
          data: { itemId: snapshot.id, platform: 'jira', kind: 'comment', version: Math.max(snapshot.version, timestamp) },
        }
      : { type: 'item.observed', data: { item: snapshot } },
  );
  return facts;
}
