import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { listRepoFiles, readRepoFile, repoPath } from './repo.js';

/** Packages that are test code: never a production dependency, never imported by production code. */
export const TEST_ONLY_PACKAGES: readonly string[] = ['@pipe/test-infra', 'testcontainers', 'vitest', '@vitest/', '@testcontainers/'];

/** True for a package name that is test code (an entry ending in `/` is a scope). */
export const isTestOnly = (name: string): boolean =>
  TEST_ONLY_PACKAGES.some((entry) => (entry.endsWith('/') ? name.startsWith(entry) : name === entry));

/** One workspace package: its folder, name and production dependencies. */
export interface WorkspacePackage {
  folder: string;
  name: string;
  dependencies: string[];
}

/** The production workspace: every package under packages/ and services/ (test/ holds test code). */
export function productionPackages(): WorkspacePackage[] {
  const found: WorkspacePackage[] = [];
  for (const root of ['packages', 'services']) {
    for (const entry of readdirSync(repoPath(root), { withFileTypes: true })) {
      const folder = join(root, entry.name);
      if (!entry.isDirectory() || !existsSync(repoPath(folder, 'package.json'))) continue;
      const manifest = JSON.parse(readFileSync(repoPath(folder, 'package.json'), 'utf8')) as {
        name: string;
        dependencies?: Record<string, string>;
      };
      found.push({ folder, name: manifest.name, dependencies: Object.keys(manifest.dependencies ?? {}) });
    }
  }
  return found;
}

/**
 * What is wrong with the production dependency graph: a production package (other than the test
 * helpers' own package) listing test code in its `dependencies`, or reaching it through another
 * workspace package's `dependencies` — what `pnpm deploy --prod` would copy into an image.
 */
export function productionDependencyProblems(packages: readonly WorkspacePackage[]): string[] {
  const byName = new Map(packages.map((pkg) => [pkg.name, pkg]));
  const problems: string[] = [];
  for (const pkg of packages) {
    if (isTestOnly(pkg.name)) continue;
    const seen = new Set<string>();
    const walk = (current: WorkspacePackage, path: string[]): void => {
      for (const dependency of current.dependencies) {
        if (isTestOnly(dependency)) {
          problems.push(
            `${pkg.name} depends in production on ${dependency} (${[...path, dependency].join(' → ')}); make it a devDependency`,
          );
          continue;
        }
        const next = byName.get(dependency);
        if (next === undefined || seen.has(dependency)) continue;
        seen.add(dependency);
        walk(next, [...path, dependency]);
      }
    };
    walk(pkg, [pkg.name]);
  }
  return problems;
}

const IMPORT = /(?:from|import)\s*\(?\s*'([^']+)'/g;

/** True for a source file `tsc -b` ships: not a test, a bench, or a `testing/` helper. */
const isProductionSource = (path: string): boolean =>
  !/\.(test|bench)\.ts$/.test(path) && !/(^|\/)testing\//.test(path) && !path.endsWith('.d.ts');

/**
 * Production source files (under packages/ and services/, tests and `testing/` helpers excepted)
 * that import test code: the test helpers' package, testcontainers, vitest, or a `…/testing` subpath.
 */
export function productionImportProblems(packages: readonly WorkspacePackage[]): string[] {
  const problems: string[] = [];
  for (const pkg of packages) {
    if (isTestOnly(pkg.name) || !existsSync(repoPath(pkg.folder, 'src'))) continue;
    for (const file of listRepoFiles(join(pkg.folder, 'src'), '.ts').filter(isProductionSource)) {
      for (const match of readRepoFile(file).matchAll(IMPORT)) {
        const specifier = match[1]!;
        const name = specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0]!;
        if (isTestOnly(name) || /^@pipe\/[^/]+\/testing$/.test(specifier)) {
          problems.push(`${file} imports ${specifier}, which is test code`);
        }
      }
    }
  }
  return problems;
}
