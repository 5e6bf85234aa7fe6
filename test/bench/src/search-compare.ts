import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { GATEWAY_POSTGRES_SETTINGS, type SearchParams, type SearchResult, searchItems } from '@pipe/gateway';
import { searchQueryClasses, warmUpIndex } from './gateway-seed.js';
import { databaseForQueries, seededDatabase } from './seeded-database.js';
import { row, summarize } from './stats.js';

type Search = (db: unknown, params: SearchParams) => Promise<SearchResult>;

/**
 * `BENCH_SEARCH_BASE=<checkout> pnpm bench search-compare`: this checkout's `searchItems` beside
 * another checkout's (built: `npm run setup` there), called directly (no MCP), interleaved query by
 * query on the gateway bench's seeded database, so both see the same machine at the same moment —
 * the way to tell a change from this machine's load, which moves every figure by milliseconds from
 * one run to the next. The base runs on the same, current schema. Each pair of pages is compared
 * too: how many queries answered differently (the same items, in the same order, is expected of a
 * change that is only about speed).
 *
 * For example: `git worktree add /tmp/base <commit> && (cd /tmp/base && npm run setup)`, then
 * `BENCH_SEARCH_BASE=/tmp/base pnpm bench search-compare`.
 */
export async function searchCompareBench(): Promise<void> {
  const base = process.env.BENCH_SEARCH_BASE;
  const baseIndex = base === undefined ? '' : resolve(base, 'services/gateway/dist/index.js');
  if (base === undefined || !existsSync(baseIndex)) {
    throw new Error(
      `set BENCH_SEARCH_BASE to a built checkout to compare with (${baseIndex || 'its services/gateway/dist/index.js'} must exist: run npm run setup there)`,
    );
  }
  const baseSearch = (await import(pathToFileURL(baseIndex).href)).searchItems as Search;
  const itemCount = Number(process.env.BENCH_ITEMS ?? 1_000_000);
  const samples = Number(process.env.BENCH_SAMPLES ?? 200);
  const t = await seededDatabase(itemCount, GATEWAY_POSTGRES_SETTINGS);
  const classes = searchQueryClasses(itemCount);
  const versions: [string, Search][] = [
    ['base', baseSearch],
    ['this checkout', searchItems as Search],
  ];
  try {
    console.log(`search-compare: ${itemCount.toLocaleString('en')} items, base ${base}, ${samples} queries per class, interleaved`);
    console.log(await databaseForQueries(t.db));
    const search = (version: Search, query: string) => version(t.db, { team: 'bench', query, limit: 10, asOf: new Date().toISOString() });
    // Warm both up (V8's optimising tier, each connection's prepared statements) on words no
    // measured query reads.
    for (let i = 0; i < 150; i++)
      for (const [, version] of versions) for (const make of Object.values(classes)) await search(version, make(warmUpIndex(i)));
    const all = new Map<string, number[]>(versions.map(([name]) => [name, []]));
    let differing = 0;
    for (const [label, make] of Object.entries(classes)) {
      const times = new Map<string, number[]>(versions.map(([name]) => [name, []]));
      for (let i = 0; i < samples; i++) {
        const query = make(i);
        // Alternate which goes first, so neither always meets the caches the other warmed.
        const order = i % 2 === 0 ? versions : [...versions].reverse();
        const pages: string[] = [];
        for (const [name, version] of order) {
          const start = performance.now();
          const result = await search(version, query);
          times.get(name)?.push(performance.now() - start);
          pages.push(result.rows.map((r) => r.item.id).join(' '));
        }
        if (pages[0] !== pages[1]) differing += 1;
      }
      for (const [name] of versions) {
        const measured = times.get(name) ?? [];
        all.get(name)?.push(...measured);
        console.log(row(`${label}: ${name}`, summarize(measured)));
      }
    }
    for (const [name] of versions) console.log(row(`all classes: ${name}`, summarize(all.get(name) ?? [])));
    console.log(`queries whose first page differed: ${differing} of ${samples * Object.keys(classes).length}`);
  } finally {
    await t.close();
  }
}
