import { identitiesTable, rowKey } from '@pipe/db';
import type { IdentityRef } from '@pipe/events';
import {
  type IdentityRow,
  identitiesUpsert,
  identityKey,
  linkPeople,
  mergeByEmail,
  refOfIdentity,
  unlinkPerson,
} from '../write/identities.js';
import { latestStatement, offer } from '../merge-rules.js';
import type { ProjectionUnit } from './projection-unit.js';

const keyOf = rowKey(identitiesTable);

/** A hand-made change to who is who, applied in log order after the batch's identities. */
export type PeopleOperation =
  | { kind: 'link'; team: string; identities: [IdentityRef, IdentityRef] }
  | { kind: 'unlink'; team: string; identity: IdentityRef };

/** An email some identity of the batch has: its group is merged into one person. */
export interface EmailToMerge {
  team: string;
  email: string;
}

/** People planned: the latest details of each identity, the emails to merge by, the hand-made changes in order. */
export interface PeopleState {
  readonly identities: Map<string, IdentityRow>;
  readonly emails: Map<string, EmailToMerge>;
  readonly operations: PeopleOperation[];
}

/**
 * People: identities as each platform knows them (a newer event's details replace an older one's),
 * grouped into persons — by a shared email, and by hand (`pipe people link|unlink`). Merges read
 * the identities stored, so they run after them, and in log order: a rebuild applies these events
 * through this unit batch by batch rather than folding the whole log at once.
 */
export const people: ProjectionUnit<
  'people',
  PeopleState,
  { identities: IdentityRow[]; emails: EmailToMerge[]; operations: PeopleOperation[] }
> = {
  name: 'people',
  handles: ['identity.observed', 'person.linked', 'person.unlinked'],
  start: () => ({ identities: new Map(), emails: new Map(), operations: [] }),
  plan(state, event) {
    switch (event.type) {
      case 'identity.observed': {
        const { identity, name, email, url } = event.data;
        const row: IdentityRow = {
          team: event.team,
          platform: identity.platform,
          external_id: identity.externalId,
          handle: identity.handle,
          name,
          email,
          url,
          event_id: event.id,
          ref: refOfIdentity(identity),
          person_id: identityKey(identity.platform, identity.externalId),
        };
        offer(state.identities, keyOf(row), row, latestStatement);
        if (email) state.emails.set(`${event.team}\u0000${email.toLowerCase()}`, { team: event.team, email });
        break;
      }
      case 'person.linked':
        state.operations.push({ kind: 'link', team: event.team, identities: event.data.identities });
        break;
      case 'person.unlinked':
        state.operations.push({ kind: 'unlink', team: event.team, identity: event.data.identity });
        break;
    }
  },
  merge(into, later) {
    for (const [key, row] of later.identities) offer(into.identities, key, row, latestStatement);
    for (const [key, email] of later.emails) into.emails.set(key, email);
    into.operations.push(...later.operations);
  },
  rows: (state) => ({ identities: [...state.identities.values()], emails: [...state.emails.values()], operations: state.operations }),
  async write(_tx, state, batch) {
    const statement = identitiesUpsert([...state.identities.values()]);
    if (statement) batch.together.push(statement);
    const emails = [...state.emails.values()];
    if (emails.length === 0 && state.operations.length === 0) return;
    // Merges read the identities just stored: after them.
    batch.after.push(async (tx) => {
      await mergeByEmail(tx, emails);
      for (const op of state.operations) {
        if (op.kind === 'link') await linkPeople(tx, op.team, ...op.identities);
        else await unlinkPerson(tx, op.team, op.identity);
      }
    });
  },
};
