import { existsSync, readdirSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { readRepoFile, repoPath } from './repo.js';

/** The documentation a newcomer reads: the README, docs/ and deploy/README.md. */
export function documentationFiles(): string[] {
  const docs = readdirSync(repoPath('docs'))
    .filter((name) => name.endsWith('.md'))
    .map((name) => `docs/${name}`);
  return ['README.md', ...docs.sort(), 'deploy/README.md'];
}

/** A heading's anchor as GitHub makes it: lowercase, punctuation dropped, spaces to hyphens. */
export const headingAnchor = (heading: string): string =>
  heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N} _-]/gu, '')
    .replace(/ /g, '-');

function anchorsOf(text: string): Set<string> {
  const anchors = new Set<string>();
  let inCode = false;
  for (const line of text.split('\n')) {
    if (line.startsWith('```')) inCode = !inCode;
    const heading = !inCode && /^#{1,6} (.+)$/.exec(line);
    if (heading) anchors.add(headingAnchor(heading[1]!));
  }
  return anchors;
}

/** A repository path cited in backticks: starts with a top-level folder, no spaces or globs. */
const CITED_PATH = /`((?:packages|services|test|deploy|docs|\.ci)\/[\w.@/-]+)`/g;
const LINK = /\]\(([^)\s]+)\)/g;

/**
 * What is wrong with a documentation file: a cited repository path that does not exist (a file
 * moved and the docs did not follow), or a relative link whose file or `#anchor` does not.
 */
export function documentationProblems(file: string, text = readRepoFile(file)): string[] {
  const problems: string[] = [];
  for (const match of text.matchAll(CITED_PATH)) {
    const path = match[1]!.replace(/[.]$/, '');
    if (!existsSync(repoPath(path))) problems.push(`${file} cites ${path}, which does not exist`);
  }
  for (const match of text.matchAll(LINK)) {
    const target = match[1]!;
    if (/^[a-z]+:/.test(target)) continue;
    const [path = '', anchor] = target.split('#');
    const linked = path === '' ? file : normalize(join(dirname(file), path));
    if (!existsSync(repoPath(linked))) {
      problems.push(`${file} links to ${target}: no file ${linked}`);
      continue;
    }
    if (anchor !== undefined && linked.endsWith('.md') && !anchorsOf(readRepoFile(linked)).has(anchor)) {
      problems.push(`${file} links to ${target}: ${linked} has no heading with that anchor`);
    }
  }
  return problems;
}

/** A field of a configuration schema: an upper-case key whose value is a zod schema or a shared field. */
const CONFIG_FIELD = /^\s+([A-Z][A-Z0-9_]{2,}): (?:z\b|[a-z][A-Za-z]*\b)/gm;

/**
 * The environment variables production code declares in a zod schema (every service's config,
 * the shared fields, the CLI's, telemetry's), with the file that declares each.
 */
export function declaredVariables(): Map<string, string> {
  const declared = new Map<string, string>();
  for (const root of ['packages', 'services']) {
    for (const entry of readdirSync(repoPath(root), { withFileTypes: true })) {
      if (!entry.isDirectory() || !existsSync(repoPath(root, entry.name, 'src'))) continue;
      const walk = (dir: string): void => {
        for (const child of readdirSync(repoPath(dir), { withFileTypes: true })) {
          const path = `${dir}/${child.name}`;
          if (child.isDirectory()) {
            if (child.name !== 'testing') walk(path);
          } else if (child.name.endsWith('.ts') && !/\.(test|bench)\.ts$/.test(child.name)) {
            for (const match of readRepoFile(path).matchAll(CONFIG_FIELD)) if (!declared.has(match[1]!)) declared.set(match[1]!, path);
          }
        }
      };
      walk(`${root}/${entry.name}/src`);
    }
  }
  return declared;
}

/** The variables docs/configuration.md documents: the backticked names in its tables' first column. */
export function documentedVariables(text = readRepoFile('docs/configuration.md')): string[] {
  const names = new Set<string>();
  for (const line of text.split('\n')) {
    const firstCell = /^\| ([^|]+) \|/.exec(line)?.[1] ?? '';
    for (const match of firstCell.matchAll(/`([A-Z][A-Z0-9_]+)`/g)) names.add(match[1]!);
  }
  return [...names];
}

/** Every TypeScript source under packages/, services/ and test/, tests included, as one text. */
export function allSources(): string {
  const texts: string[] = [];
  const walk = (dir: string): void => {
    for (const child of readdirSync(repoPath(dir), { withFileTypes: true })) {
      if (child.name === 'node_modules' || child.name === 'dist') continue;
      const path = `${dir}/${child.name}`;
      if (child.isDirectory()) walk(path);
      else if (child.name.endsWith('.ts')) texts.push(readRepoFile(path));
    }
  };
  for (const root of ['packages', 'services', 'test']) walk(root);
  return texts.join('\n');
}
