import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments, parse } from 'yaml';

/** The repository root (this file is test/deploy/src/repo.ts). */
export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/** A path under the repository root. */
export const repoPath = (...parts: string[]): string => join(repoRoot, ...parts);

/** A file's text, by its path from the repository root. */
export const readRepoFile = (path: string): string => readFileSync(repoPath(path), 'utf8');

/** One YAML document and where it came from, for messages. */
export interface YamlDocument {
  /** `deploy/k8s/gateway.yaml#2` (1-based document index). */
  source: string;
  value: unknown;
}

/**
 * Every document of a YAML file. Merge keys (`<<: *anchor`) are resolved, as Docker Compose and
 * kubectl resolve them; a syntax error throws with the file's name.
 */
export function readYamlDocuments(path: string): YamlDocument[] {
  const documents = parseAllDocuments(readRepoFile(path), { merge: true });
  return documents.map((document, index) => {
    if (document.errors.length > 0) {
      throw new Error(`${path}#${index + 1}: ${document.errors.map((error) => error.message).join('; ')}`);
    }
    return { source: `${path}#${index + 1}`, value: document.toJS() };
  });
}

/** One YAML document (merge keys resolved). */
export const parseYaml = (text: string): unknown => parse(text, { merge: true });

/** Files under a folder (recursive), as paths from the repository root, sorted. */
export function listRepoFiles(folder: string, suffix: string): string[] {
  const found: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith(suffix)) found.push(relative(repoRoot, path));
    }
  };
  walk(repoPath(folder));
  return found.sort();
}

/**
 * The deployable services: every folder under services/. Each must have an image, a compose
 * service and a Kubernetes workload; a new service without them fails the tests.
 */
export function serviceFolders(): string[] {
  return readdirSync(repoPath('services'), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}

/**
 * The port each HTTP service listens on. The projector has none yet. These are the services'
 * config defaults (services/<name>/src/config.ts, docs/configuration.md).
 */
export const SERVICE_PORTS: Readonly<Record<string, number>> = Object.freeze({
  gateway: 7400,
  'ingest-github': 7401,
  'ingest-slack': 7402,
  'ingest-jira': 7403,
  'ingest-linear': 7404,
  'ingest-notion': 7405,
  'ingest-discord': 7406,
  'ingest-assistant': 7407,
  sync: 7408,
  projector: 7409,
  notifier: 7410,
});

/** Services deployed as one pod per partition (a StatefulSet), whether or not they serve HTTP. */
export const PARTITIONED_SERVICES: ReadonlySet<string> = new Set(['projector']);

/** True for a plain object (a YAML mapping). */
export const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
