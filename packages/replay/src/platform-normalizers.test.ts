import { type IngestDelivery, type IngestLookups, PLATFORMS, jira } from '@pipe/platforms';
import { jiraFixture } from '@pipe/platforms/testing';
import { describe, expect, it } from 'vitest';
import { platformNormalizers } from './platform-normalizers.js';

const delivery = (payload: unknown): IngestDelivery => ({
  team: 'acme',
  platform: 'jira',
  deliveryId: 'renorm-1',
  receivedAt: '2024-06-01T12:00:00.000Z',
  headers: {},
  rawBody: Buffer.from(JSON.stringify(payload)),
  payload,
});

/** Lookups that know one Jira issue key and fail on anything else a normaliser must not need. */
function lookups(): IngestLookups & { asked: string[][] } {
  const asked: string[][] = [];
  const refuse = () => Promise.reject(new Error('not a lookup renormalising needs'));
  return {
    asked,
    teamForApiKey: refuse,
    storesPrompts: async () => false,
    secret: refuse,
    setSecret: refuse,
    issueKeys: {
      keysFor: async (_team, ids) => {
        asked.push([...ids]);
        return new Map(ids.map((id) => [id, `JRA-${id}`]));
      },
      remember: refuse,
    },
  };
}

describe('platformNormalizers', () => {
  it('has one normaliser per module in the registry', () => {
    expect([...platformNormalizers(PLATFORMS).keys()].sort()).toEqual(PLATFORMS.map((module) => module.name).sort());
  });

  it("runs a module's lookups before its pure normaliser when given them, and never what runs after storing", async () => {
    const link = jiraFixture('issuelink-created');
    const io = lookups();
    const result = await platformNormalizers([jira], io).get('jira')?.(delivery(link));
    expect(io.asked).toEqual([[String(link.issueLink.sourceIssueId), String(link.issueLink.destinationIssueId)]]);
    expect(result).toMatchObject({ outcome: 'events' });
    if (result?.outcome !== 'events') return;
    expect(result.events.find((event) => event.type === 'link.observed')).toMatchObject({
      data: { from: `jira:issue:JRA-${link.issueLink.sourceIssueId}` },
    });
  });

  it('skips the lookups on purpose without them: the normaliser uses its defaults (no issue keys known)', async () => {
    const result = await platformNormalizers([jira]).get('jira')?.(delivery(jiraFixture('issuelink-created')));
    expect(result).toMatchObject({ outcome: 'skipped', event: 'issuelink_created' });
  });

  it('makes the events storable as ingest does: a NUL in an issue summary becomes U+FFFD', async () => {
    const payload = structuredClone(jiraFixture('issue-created'));
    payload.issue.fields.summary = 'broken\u0000summary';
    const result = await platformNormalizers([jira]).get('jira')?.(delivery(payload));
    const titles =
      result?.outcome === 'events' ? result.events.flatMap((event) => (event.type === 'item.observed' ? [event.data.item.title] : [])) : [];
    expect(titles).toContain('broken\uFFFDsummary');
  });
});
