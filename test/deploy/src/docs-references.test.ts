import { describe, expect, it } from 'vitest';
import {
  allSources,
  declaredVariables,
  documentationFiles,
  documentationProblems,
  documentedVariables,
  headingAnchor,
} from './docs-references.js';
import { readRepoFile } from './repo.js';

describe('the documentation', () => {
  it('cites repository paths that exist and links to files and headings that exist', () => {
    const files = documentationFiles();
    expect(files).toEqual(
      expect.arrayContaining([
        'README.md',
        'docs/platforms.md',
        'docs/architecture.md',
        'docs/operations.md',
        'docs/configuration.md',
        'docs/benchmarks.md',
      ]),
    );
    expect(files.flatMap((file) => documentationProblems(file))).toEqual([]);
  });

  it('keeps the README short enough to read in one sitting (at most 200 lines)', () => {
    expect(readRepoFile('README.md').split('\n').length).toBeLessThanOrEqual(200);
  });

  it('documents every variable a service, the CLI or telemetry reads, in docs/configuration.md', () => {
    const declared = declaredVariables();
    expect([...declared.keys()]).toEqual(
      expect.arrayContaining(['DATABASE_URL', 'PIPE_SECRET_KEY', 'PROJECTOR_BATCH_SIZE', 'PIPE_RATE_LIMIT_BURST', 'NOTION_API_BASE_URL']),
    );
    const configuration = readRepoFile('docs/configuration.md');
    const undocumented = [...declared]
      .filter(([name]) => !configuration.includes(`\`${name}\``))
      .map(([name, file]) => `${name} (${file})`);
    expect(undocumented).toEqual([]);
  });

  it('documents no variable that nothing reads any more', () => {
    const documented = documentedVariables();
    expect(documented).toEqual(expect.arrayContaining(['NATS_URL', 'PIPE_HOOK_URL', 'PIPE_TEST_NATS_URL']));
    const sources = allSources();
    // OTEL_* are read by the OpenTelemetry SDK itself, as the specification names them.
    const stale = documented.filter((name) => !name.startsWith('OTEL_') && !sources.includes(name));
    expect(stale).toEqual([]);
  });

  it('is caught when a cited path, a linked file or an anchor is missing', () => {
    expect(headingAnchor('Rebuilding the read models: `pipe replay`')).toBe('rebuilding-the-read-models-pipe-replay');
    const problems = documentationProblems(
      'docs/example.md',
      'See `services/nowhere/src/main.ts`, `packages/db`, [ops](operations.md#stopping), [gone](missing.md) and [bad](architecture.md#no-such-heading).',
    );
    expect(problems).toEqual([
      'docs/example.md cites services/nowhere/src/main.ts, which does not exist',
      'docs/example.md links to missing.md: no file docs/missing.md',
      'docs/example.md links to architecture.md#no-such-heading: docs/architecture.md has no heading with that anchor',
    ]);
  });
});
