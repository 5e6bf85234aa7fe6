import { createHmac, randomUUID } from 'node:crypto';
import { type IngestHarness, createIngestHarness } from '@pipe/ingest-kit/testing';
import { type IngestPlatform, github, jira, linear, slack } from '@pipe/platforms';
import {
  githubExample,
  jiraFixture,
  linearFixture,
  signGithubBody,
  signJiraBody,
  slackExample,
  slackSignedHeaders,
} from '@pipe/platforms/testing';
import { projectUntilCaughtUp } from '@pipe/projector/testing';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

// ARCHITECTURE guarantee 2: what is acknowledged can be stored. A hostile or odd field is either
// made storable (and then present as a row) or refused at the door with a 400 naming the field
// and nothing published — never acknowledged and then dead-lettered by the projector.
describe('hostile payloads through ingest and the projector', () => {
  describe('github', () => {
    let h: IngestHarness;
    beforeEach(async () => {
      h = await createIngestHarness(github.ingest);
    });
    afterEach(() => h.cleanup());

    const send = async (payload: unknown) => {
      const body = JSON.stringify(payload);
      return h.post(body, {
        headers: {
          'x-github-event': 'issues',
          'x-github-delivery': randomUUID(),
          'x-hub-signature-256': await signGithubBody(h.secret as string, body),
        },
      });
    };
    const project = () => projectUntilCaughtUp({ db: h.testDb.db, bus: h.bus, names: h.bus.names, logger: pino({ level: 'silent' }) });
    const issue = () =>
      structuredClone(githubExample('issues', 'opened')) as unknown as {
        issue: Record<string, unknown>;
        repository: Record<string, unknown>;
      };

    it('stores an issue whose title and body hold NUL bytes and lone surrogates, with U+FFFD in their place', async () => {
      const payload = issue();
      payload.issue.title = 'broken\u0000title \uD800 end';
      payload.issue.body = 'body\u0000with \uDC00 nul';
      expect((await send(payload)).statusCode).toBe(202);
      await project();
      const items = await h.testDb.db.selectFrom('items').select(['kind', 'title', 'body']).where('kind', '=', 'issue').execute();
      expect(items).toEqual([{ kind: 'issue', title: 'broken\uFFFDtitle \uFFFD end', body: 'body\uFFFDwith \uFFFD nul' }]);
      expect(await h.testDb.db.selectFrom('activities').select('id').execute()).not.toHaveLength(0);
    });

    it('refuses a 6,000-character repository name with 400 naming the key, publishing nothing', async () => {
      const payload = issue();
      payload.repository.full_name = `octo/${'x'.repeat(6000)}`;
      const response = await send(payload);
      expect(response.statusCode).toBe(400);
      expect(response.json().error.code).toBe('INVALID_PAYLOAD');
      expect(response.json().error.message).toMatch(/data\.item\.id is \d+ bytes/);
      expect(await h.storedEvents()).toBe(0);
      expect(await h.storedRaw()).toBe(0);
    });

    it.each(['-200000-01-01T00:00:00Z', '0000-01-01T00:00:00Z'])(
      'refuses updated_at %s with 400 naming the date, publishing nothing',
      async (date) => {
        const payload = issue();
        payload.issue.updated_at = date;
        const response = await send(payload);
        expect(response.statusCode).toBe(400);
        expect(response.json().error.code).toBe('INVALID_PAYLOAD');
        expect(response.json().error.message).toMatch(/updatedAt is invalid/);
        expect(await h.storedEvents()).toBe(0);
        expect(await h.storedRaw()).toBe(0);
      },
    );
  });
  // Each with: the kind of item, a text field, the key its item ids are built from, and a source date.
  interface Tracker {
    platform: IngestPlatform<unknown>;
    kind: string;
    /** The stored column the text field lands in. */
    column: 'title' | 'body';
    fresh(): Record<string, any>;
    headers(secret: string, body: string): Record<string, string>;
    setTitle(payload: Record<string, any>, title: string): void;
    setKey(payload: Record<string, any>, key: string): void;
    /** Absent where the platform's own payload schema already refuses an impossible date (Linear's). */
    setUpdated?(payload: Record<string, any>, date: string): void;
  }
  const trackers: Record<string, Tracker> = {
    jira: {
      platform: jira.ingest,
      kind: 'issue',
      column: 'title',
      fresh: () => structuredClone(jiraFixture('issue-created')),
      headers: (secret, body) => ({
        'x-hub-signature': signJiraBody(secret, body),
        'x-atlassian-webhook-identifier': randomUUID(),
        'x-atlassian-webhook-flow': 'Primary',
      }),
      setTitle: (p, title) => {
        p.issue.fields.summary = title;
      },
      setKey: (p, key) => {
        p.issue.key = `JRA${key.toUpperCase()}-20002`;
      },
      setUpdated: (p, date) => {
        p.issue.fields.updated = date;
      },
    },
    linear: {
      platform: linear.ingest,
      kind: 'issue',
      column: 'title',
      fresh: () => ({ ...structuredClone(linearFixture('issue-create')), webhookTimestamp: Date.now() }),
      headers: (secret, body) => ({
        'linear-signature': createHmac('sha256', secret).update(body).digest('hex'),
        'linear-delivery': randomUUID(),
        'linear-event': 'Issue',
      }),
      setTitle: (p, title) => {
        p.data.title = title;
      },
      setKey: (p, key) => {
        p.data.identifier = `LIN${key.toUpperCase()}-1778`;
        p.data.team.key = `LIN${key.toUpperCase()}`;
      },
    },
    slack: {
      platform: slack.ingest,
      kind: 'message',
      column: 'body',
      fresh: () => ({ ...slackExample('message'), event_id: `Ev${randomUUID()}` }),
      headers: (secret, body) => slackSignedHeaders(secret, body),
      setTitle: (p, text) => {
        p.event.text = text;
      },
      setKey: (p, key) => {
        p.event.channel = `C${key.toUpperCase()}`;
      },
      // A message's ts is its time: this one is in year 11476.
      setUpdated: (p) => {
        p.event.ts = '300000000000.000005';
        p.event.event_ts = '300000000000.000005';
      },
    },
  };

  describe.each(Object.keys(trackers))('%s', (name) => {
    const t = trackers[name] as Tracker;
    let h: IngestHarness;
    beforeEach(async () => {
      h = await createIngestHarness(t.platform);
    });
    afterEach(() => h.cleanup());
    const send = (payload: unknown) => {
      const body = JSON.stringify(payload);
      return h.post(body, { headers: t.headers(h.secret as string, body) });
    };
    const project = () => projectUntilCaughtUp({ db: h.testDb.db, bus: h.bus, names: h.bus.names, logger: pino({ level: 'silent' }) });

    it('stores an item whose text holds a NUL byte and a lone surrogate, with U+FFFD in their place', async () => {
      const payload = t.fresh();
      t.setTitle(payload, 'broken\u0000title \uD800 end');
      const response = await send(payload);
      expect(response.statusCode, response.body).toBeLessThan(300);
      await project();
      const rows = await h.testDb.db.selectFrom('items').select(t.column).where('kind', '=', t.kind).execute();
      expect(rows.map((row) => (row as Record<string, string>)[t.column])).toContain('broken\uFFFDtitle \uFFFD end');
    });

    it('refuses a 6,000-character key with 400 naming the field, publishing nothing', async () => {
      const payload = t.fresh();
      t.setKey(payload, 'x'.repeat(6000));
      const response = await send(payload);
      expect(response.statusCode).toBe(400);
      expect(response.json().error.code).toMatch(/INVALID_PAYLOAD/);
      expect(response.json().error.message).toMatch(/[a-zA-Z.]+ is (\d+ bytes|invalid)/);
      expect(await h.storedEvents()).toBe(0);
      expect(await h.storedRaw()).toBe(0);
    });

    it.runIf(t.setUpdated)('refuses an impossible source date with 400 naming the date, publishing nothing', async () => {
      const payload = t.fresh();
      t.setUpdated?.(payload, '-200000-01-01T00:00:00.000Z');
      const response = await send(payload);
      expect(response.statusCode, response.body).toBe(400);
      expect(response.json().error.code).toBe('INVALID_PAYLOAD');
      expect(response.json().error.message).toMatch(/(occurredAt|updatedAt|createdAt|updated) is invalid/);
      expect(await h.storedEvents()).toBe(0);
      expect(await h.storedRaw()).toBe(0);
    });
  });
});
