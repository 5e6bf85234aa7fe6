import { describe, expect, it } from 'vitest';
import { productionDependencyProblems, productionImportProblems, productionPackages } from './production-line.js';

describe('the line between test and production code', () => {
  const packages = productionPackages();

  it('keeps test helpers, testcontainers and vitest out of every production dependency graph', () => {
    expect(packages.map((pkg) => pkg.name)).toContain('@pipe/gateway');
    expect(productionDependencyProblems(packages)).toEqual([]);
  });

  it('keeps production sources from importing test code', () => {
    expect(productionImportProblems(packages)).toEqual([]);
  });

  it('is caught when a production package depends on test code, directly or through another package', () => {
    const problems = productionDependencyProblems([
      { folder: 'packages/db', name: '@pipe/db', dependencies: ['kysely', '@pipe/test-infra'] },
      { folder: 'services/gateway', name: '@pipe/gateway', dependencies: ['@pipe/db', 'fastify'] },
      { folder: 'packages/bus', name: '@pipe/bus', dependencies: ['@vitest/expect'] },
      { folder: 'packages/test-infra', name: '@pipe/test-infra', dependencies: ['testcontainers'] },
    ]);
    expect(problems).toEqual([
      '@pipe/db depends in production on @pipe/test-infra (@pipe/db → @pipe/test-infra); make it a devDependency',
      '@pipe/gateway depends in production on @pipe/test-infra (@pipe/gateway → @pipe/db → @pipe/test-infra); make it a devDependency',
      '@pipe/bus depends in production on @vitest/expect (@pipe/bus → @vitest/expect); make it a devDependency',
    ]);
  });
});
