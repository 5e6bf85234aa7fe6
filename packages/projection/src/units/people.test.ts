import { type IdentityRef, type PipeEvent, createEvent } from '@pipe/events';
import { testOrigin } from '@pipe/events/testing';
import { describe, it } from 'vitest';
import { specify } from '../testing/given-when-then.js';
import { people } from './people.js';

const given = specify(people);
const octocat: IdentityRef = { platform: 'github', externalId: '583231', handle: 'octocat' };
const slackBob: IdentityRef = { platform: 'slack', externalId: 'U024BE7LH', handle: 'bob' };
const identity = (who: IdentityRef, email: string | null, name: string | null = null): PipeEvent =>
  createEvent(testOrigin('acme', who.platform), { type: 'identity.observed', data: { identity: who, name, email, url: null } });

describe('the people projection', () => {
  it('records an identity as its own person, named as edges name it', () => {
    given()
      .when(identity(octocat, null, 'Mona'))
      .then({
        identities: [
          {
            team: 'acme',
            platform: 'github',
            external_id: '583231',
            handle: 'octocat',
            name: 'Mona',
            ref: 'identity:github:octocat',
            person_id: 'github:583231',
          },
        ],
        emails: [],
        operations: [],
      });
  });

  it("keeps an identity's latest details", () => {
    given(identity(octocat, 'old@example.com', 'Old'))
      .when(identity(octocat, 'mona@example.com', 'Mona'))
      .then({
        identities: [{ external_id: '583231', name: 'Mona', email: 'mona@example.com' }],
        emails: [{ email: 'old@example.com' }, { email: 'mona@example.com' }],
        operations: [],
      });
  });

  it('asks once to merge by an email, whatever its case', () => {
    given(identity(octocat, 'mona@example.com'))
      .when(identity(slackBob, 'MONA@example.com'))
      .then({
        identities: [{ platform: 'github' }, { platform: 'slack' }],
        emails: [{ team: 'acme', email: 'MONA@example.com' }],
        operations: [],
      });
  });

  it('keeps hand-made links and unlinks in log order', () => {
    given(createEvent(testOrigin('acme', 'github'), { type: 'person.linked', data: { identities: [octocat, slackBob] } }))
      .when(createEvent(testOrigin('acme', 'github'), { type: 'person.unlinked', data: { identity: slackBob } }))
      .then({
        identities: [],
        emails: [],
        operations: [
          { kind: 'link', team: 'acme', identities: [octocat, slackBob] },
          { kind: 'unlink', team: 'acme', identity: slackBob },
        ],
      });
  });
});
