import type { ItemSnapshot } from '@pipe/events';
import { type DeliveryFacts, type SkippedDelivery, parsePayload, skipDelivery } from '../../kit/index.js';
import { z } from 'zod';
import { isPersonActor, linearIdentityRef, observedLinearIdentity } from './identity.js';
import { linearIssueId } from './issue.js';
import { type LinearDelivery, type LinearEvent, describeDelivery, linearVerb } from './linear-delivery.js';
import { LinearComment } from './linear-schemas.js';
import { linearCommentId } from '../ids.js';

const CommentPayload = z.looseObject({ data: LinearComment });

/**
 * The identifier of the issue a comment belongs to: `data.issue.identifier`, else the one in the
 * comment's URL (`https://linear.app/<org>/issue/LIN-1778/…#comment-…`), which is all Linear's
 * documented example carries.
 */
export function commentIssueIdentifier(comment: LinearComment, url: string | null | undefined): string | null {
  if (comment.issue?.identifier) return comment.issue.identifier;
  const match = /\/issue\/([A-Z][A-Z0-9_]*-\d+)(?:[/#?]|$)/.exec(url ?? '');
  return match?.[1] ?? null;
}

/**
 * A `Comment` create/update/remove on an issue: the comment (or its removal) as a reply to the
 * issue, its author, and what happened. Comments on project updates or documents are skipped.
 */
export function normalizeComment(delivery: LinearDelivery, event: LinearEvent): DeliveryFacts | SkippedDelivery {
  const { data: comment } = parsePayload(CommentPayload, delivery.payload, describeDelivery(delivery, 'Comment'));
  const identifier = commentIssueIdentifier(comment, event.url);
  if (!identifier)
    return skipDelivery('Comment', event.action, 'linear comments outside issues (project updates, documents) are not normalised yet');
  const id = linearCommentId(comment.id);
  const author = comment.user ?? (comment.userId ? { id: comment.userId } : null);
  const snapshot: ItemSnapshot = {
    id,
    platform: 'linear',
    kind: 'comment',
    title: `Comment on ${identifier}${comment.issue?.title ? `: ${comment.issue.title}` : ''}`,
    titleComposed: true,
    body: comment.body,
    url: event.url ?? null,
    state: null,
    container: identifier.slice(0, identifier.lastIndexOf('-')),
    parentId: linearIssueId(identifier),
    author: author ? linearIdentityRef(author) : null,
    createdAt: new Date(comment.createdAt).toISOString(),
    updatedAt: new Date(comment.updatedAt).toISOString(),
    version: Date.parse(comment.updatedAt),
  };
  const actor = isPersonActor(event.actor) ? event.actor : null;
  const verb = linearVerb(event.action);
  const who = event.actor?.name ?? 'someone';
  return {
    occurredAt: new Date(event.createdAt).toISOString(),
    identities: [actor, comment.user].flatMap((person) => (person ? [observedLinearIdentity(person)] : [])),
    items: [
      event.action === 'remove'
        ? {
            type: 'item.removed',
            data: { itemId: id, platform: 'linear', kind: 'comment', version: Math.max(snapshot.version, Date.parse(event.createdAt)) },
          }
        : { type: 'item.observed', data: { item: snapshot } },
    ],
    activities: [
      event.action === 'create'
        ? {
            itemId: linearIssueId(identifier),
            verb: 'commented',
            actor: actor ? linearIdentityRef(actor) : null,
            summary: `${who} commented on ${identifier}`,
          }
        : { itemId: id, verb, actor: actor ? linearIdentityRef(actor) : null, summary: `${who} ${verb} a comment on ${identifier}` },
    ],
  };
}
