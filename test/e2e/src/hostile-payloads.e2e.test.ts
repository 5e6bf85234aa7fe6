import { randomUUID } from 'node:crypto';
import { type IngestHarness, createIngestHarness } from '@pipe/ingest-kit/testing';
import { github } from '@pipe/platforms';
import { githubExample, signGithubBody } from '@pipe/platforms/testing';
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
});
