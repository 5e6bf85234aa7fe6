import type { ItemSnapshot } from '@pipe/events';
import { type DeliveryFacts, parsePayload } from '../../kit/index.js';
import { z } from 'zod';
import { isPersonActor, linearIdentityRef, observedLinearIdentity } from './identity.js';
import { type LinearDelivery, type LinearEvent, describeDelivery, linearVerb } from './linear-delivery.js';
import { LinearProject } from './linear-schemas.js';
import { linearProjectId } from '../ids.js';

const ProjectPayload = z.looseObject({ data: LinearProject });

/** A project as an item (its description and content as text), from its webhook data or its API node. */
export function projectSnapshot(project: LinearProject, url: string | null): ItemSnapshot {
  return {
    id: linearProjectId(project.id),
    platform: 'linear',
    kind: 'project',
    title: project.name,
    body: [project.description, project.content].filter((text) => text && text.length > 0).join('\n\n'),
    url: project.url ?? url,
    state: project.status?.name ?? null,
    container: null,
    parentId: null,
    author: project.lead ? linearIdentityRef(project.lead) : null,
    createdAt: new Date(project.createdAt).toISOString(),
    updatedAt: new Date(project.updatedAt).toISOString(),
    version: Date.parse(project.updatedAt),
  };
}

/** A `Project` create/update/remove: the project as an item (its description and content as text). */
export function normalizeProject(delivery: LinearDelivery, event: LinearEvent): DeliveryFacts {
  const { data: project } = parsePayload(ProjectPayload, delivery.payload, describeDelivery(delivery, 'Project'));
  const snapshot = projectSnapshot(project, event.url ?? null);
  const id = snapshot.id;
  const actor = isPersonActor(event.actor) ? event.actor : null;
  const verb = linearVerb(event.action);
  return {
    occurredAt: new Date(event.createdAt).toISOString(),
    identities: [actor, project.lead].flatMap((person) => (person ? [observedLinearIdentity(person)] : [])),
    items: [
      event.action === 'remove'
        ? {
            type: 'item.removed',
            data: { itemId: id, platform: 'linear', kind: 'project', version: Math.max(snapshot.version, Date.parse(event.createdAt)) },
          }
        : { type: 'item.observed', data: { item: snapshot } },
    ],
    activities: [
      {
        itemId: id,
        verb,
        actor: actor ? linearIdentityRef(actor) : null,
        summary: `${event.actor?.name ?? 'someone'} ${verb} project ${project.name}`,
      },
    ],
  };
}
