import { searchItems } from '@pipe/gateway';
import { lexicalCandidates } from '../../../../services/gateway/src/search/lexical-candidates.js';
import { graphNeighbours } from '../../../../services/gateway/src/search/graph-neighbours.js';
import { understandQuery } from '../../../../services/gateway/src/search/understand-query.js';
import { sql } from 'kysely';
import { deliverStory, RETRIEVAL_TEAM } from './deliver-story.js';
process.env.PIPE_TEST_NATS_URL ??= 'nats://127.0.0.1:4222';
process.env.PIPE_TEST_DATABASE_URL ??= 'postgres://postgres@127.0.0.1:5432/postgres';
const s = await deliverStory();
const db = s.stack.db;
console.log(understandQuery('Which issues did Maya open last week?', '2026-12-05T12:00:00Z'));
console.log(
  (
    await sql`select platform, external_id, handle, name, person_id from identities where platform in ('github','jira','linear')`.execute(
      db,
    )
  ).rows,
);
console.log((await sql`select id, author_external_id, author_handle from items where id like 'github:issue:%'`.execute(db)).rows);
for (let k = 0; k < 3; k++) {
  const u = understandQuery('Which pull request fixed the checkout timeout?', '2026-12-05T12:00:00Z');
  let t = performance.now();
  const c = await lexicalCandidates(db, RETRIEVAL_TEAM, u.terms, []);
  console.log('lexical', (performance.now() - t).toFixed(1), c.rows.length);
  t = performance.now();
  const n = await graphNeighbours(
    db,
    RETRIEVAL_TEAM,
    c.rows.slice(0, 12).map((r) => r.id),
    [],
  );
  console.log('graph', (performance.now() - t).toFixed(1), n.rows.length);
  t = performance.now();
  await sql`select 1`.execute(db);
  console.log('select 1', (performance.now() - t).toFixed(1));
}
for (const q of ['why is the dashbaord slow', 'Which issues did Maya open last week?', 'Which pull request fixed the checkout timeout?']) {
  for (let k = 0; k < 3; k++) {
    const t = performance.now();
    const r = await searchItems(db, { team: RETRIEVAL_TEAM, query: q, limit: 10, asOf: '2026-12-05T12:00:00Z' });
    console.log(q, (performance.now() - t).toFixed(1), 'ms');
    if (k === 0) for (const row of r.rows.slice(0, 6)) console.log('   ', row.item.score, row.item.id, '|', row.item.why);
  }
}
console.log((await sql`select extname from pg_extension`.execute(db)).rows);
console.log((await sql`select person_id, platform, handle, name, email from identities order by person_id`.execute(db)).rows);
await s.stack.stop();
process.exit(0);
