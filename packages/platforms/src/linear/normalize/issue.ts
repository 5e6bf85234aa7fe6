import type { ItemSnapshot } from '@pipe/events';
import { linearIssueId } from '../ids.js';
import { type DeliveryFacts, parsePayload } from '../../kit/index.js';
import { z } from 'zod';
import { isPersonActor, linearIdentityRef, observedLinearIdentity } from './identity.js';
import { type LinearDelivery, type LinearEvent, describeDelivery, linearVerb } from './linear-delivery.js';
import { LinearIssue } from './linear-schemas.js';

const IssuePayload = z.looseObject({ data: LinearIssue });

/** `linear:issue:ENG-42` */
export { linearIssueId };

/** The team key of an issue (`ENG`), from `team.key` or its identifier. */
export const teamKey = (issue: LinearIssue): string => issue.team?.key ?? issue.identifier.slice(0, issue.identifier.lastIndexOf('-'));

export function issueSnapshot(issue: LinearIssue, url: string | null): ItemSnapshot {
  return {
    id: linearIssueId(issue.identifier),
    platform: 'linear',
    kind: 'issue',
    title: issue.title,
    body: issue.description ?? '',
    url: issue.url ?? url,
    state: issue.state?.name ?? null,
    container: teamKey(issue),
    parentId: null,
    author: issue.creator ? linearIdentityRef(issue.creator) : issue.creatorId ? linearIdentityRef({ id: issue.creatorId }) : null,
    createdAt: new Date(issue.createdAt).toISOString(),
    updatedAt: new Date(issue.updatedAt).toISOString(),
    version: Date.parse(issue.updatedAt),
  };
}

/** An `Issue` create/update/remove: the issue's snapshot (or removal), its people, and the change. */
export function normalizeIssue(delivery: LinearDelivery, event: LinearEvent): DeliveryFacts {
  const { data: issue } = parsePayload(IssuePayload, delivery.payload, describeDelivery(delivery, 'Issue'));
  const snapshot = issueSnapshot(issue, event.url ?? null);
  const verb = linearVerb(event.action);
  const actor = isPersonActor(event.actor) ? event.actor : null;
  return {
    occurredAt: new Date(event.createdAt).toISOString(),
    identities: [actor, issue.creator].flatMap((person) => (person ? [observedLinearIdentity(person)] : [])),
    items: [
      event.action === 'remove'
        ? // The removal must outrank the last snapshot; Linear's event time is at or after it.
          {
            type: 'item.removed',
            data: {
              itemId: snapshot.id,
              platform: 'linear',
              kind: 'issue',
              version: Math.max(snapshot.version, Date.parse(event.createdAt)),
            },
          }
        : { type: 'item.observed', data: { item: snapshot } },
    ],
    activities: [
      {
        itemId: snapshot.id,
        verb,
        actor: actor ? linearIdentityRef(actor) : null,
        summary: `${event.actor?.name ?? 'someone'} ${verb} issue ${issue.identifier}: ${issue.title}`,
      },
    ],
  };
}
