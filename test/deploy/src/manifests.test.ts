import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { IStatefulSet } from 'kubernetes-models/apps/v1';
import { describe, expect, it } from 'vitest';
import { composeProblems, prometheusProblems } from './compose-checks.js';
import { dockerfileProblems, type DockerTarget } from './dockerfile-checks.js';
import { kubernetesProblems, type KubernetesTree } from './kubernetes-checks.js';
import { natsClusterProblems, natsDurabilityProblems } from './nats-checks.js';
import { parseNatsConf } from './nats-conf.js';
import { SERVICE_PORTS, isRecord, listRepoFiles, parseYaml, readRepoFile, readYamlDocuments, serviceFolders } from './repo.js';

// No Docker engine or cluster runs in CI, so the deployment files are held to their published
// schemas (Compose Specification, Kubernetes OpenAPI via kubernetes-models, dockerfile-utils'
// linter) plus the properties Pipe relies on. Each check also gets a deliberately broken copy, to
// show it would catch the break.

const folders = serviceFolders();
const pnpmVersion = String(JSON.parse(readRepoFile('package.json')).packageManager).replace(/^pnpm@/, '');
const targets: DockerTarget[] = [
  { name: 'http', http: true },
  { name: 'worker', http: false },
];

const clone = <T>(value: T): T => structuredClone(value);

function loadKubernetesTree(): KubernetesTree {
  const files = listRepoFiles('deploy/k8s', '.yaml').map((path) => path.replace(/^deploy\/k8s\//, ''));
  const manifests = files.filter((file) => file !== 'kustomization.yaml');
  return {
    documents: manifests.flatMap((file) => readYamlDocuments(`deploy/k8s/${file}`)),
    kustomization: parseYaml(readRepoFile('deploy/k8s/kustomization.yaml')),
    files: manifests,
  };
}

/** A tree with one document of one kind and name changed by `change`. */
function withChanged(tree: KubernetesTree, kind: string, name: string, change: (manifest: Record<string, any>) => void): KubernetesTree {
  const broken = clone(tree);
  const document = broken.documents.find(
    (candidate) =>
      isRecord(candidate.value) && candidate.value.kind === kind && (candidate.value.metadata as { name?: string }).name === name,
  );
  if (document === undefined) throw new Error(`no ${kind} ${name} to break`);
  change(document.value as Record<string, any>);
  return broken;
}

describe('the Dockerfile', () => {
  const source = 'deploy/docker/Dockerfile';
  const text = readRepoFile(source);

  it('lints clean, is multi-stage, runs as non-root with health checks, and ships production dependencies only', () => {
    expect(dockerfileProblems(source, text, targets, pnpmVersion)).toEqual([]);
  });

  it('is caught when a target runs as root, loses its HEALTHCHECK, or has a syntax error', () => {
    const asRoot = text.replace('USER 1000:1000', 'USER root');
    expect(dockerfileProblems(source, asRoot, targets, pnpmVersion)).toContain(`${source}: target 'http' runs as root (USER root)`);
    const noUser = text.replace('USER 1000:1000\n', '');
    expect(dockerfileProblems(source, noUser, targets, pnpmVersion)).toContain(
      `${source}: target 'worker' has no USER, so it runs as root`,
    );
    const noHealthcheck = text.replace(/HEALTHCHECK --interval[^\n]*\\\n[^\n]*\n/, '');
    expect(dockerfileProblems(source, noHealthcheck, targets, pnpmVersion)).toContain(
      `${source}: HTTP target 'http' has no HEALTHCHECK CMD`,
    );
    const badDuration = text.replace('--interval=10s', '--interval=often');
    expect(dockerfileProblems(source, badDuration, targets, pnpmVersion).join('\n')).toMatch(/invalid duration often/);
    const singleStage = 'FROM node:20\nCOPY . .\nUSER 1000\nHEALTHCHECK CMD true\n';
    expect(dockerfileProblems(source, singleStage, [{ name: '#0', http: true }], pnpmVersion).join('\n')).toMatch(/one stage only/);
  });
});

describe('deploy/compose.yaml', () => {
  const source = 'deploy/compose.yaml';
  const [document] = readYamlDocuments(source);
  const compose = document!.value;

  it('is a valid Compose file that builds and runs every service, healthy dependencies first', () => {
    expect(composeProblems(source, compose, folders, SERVICE_PORTS)).toEqual([]);
  });

  it('is caught by the Compose schema and by the service rules when broken', () => {
    const misspelt = clone(compose) as any;
    misspelt.services.gateway.depends_on.nats.condition = 'service_helthy';
    expect(composeProblems(source, misspelt, folders, SERVICE_PORTS).join('\n')).toMatch(
      /depends_on.*must be equal to one of the allowed values/,
    );
    const unknownKey = clone(compose) as any;
    unknownKey.services.projector.healtcheck = { test: ['CMD', 'true'] };
    expect(composeProblems(source, unknownKey, folders, SERVICE_PORTS).join('\n')).toMatch(
      /must NOT have additional properties.*healtcheck/,
    );
    const wrongType = clone(compose) as any;
    wrongType.services.nats.healthcheck.retries = 'many';
    expect(composeProblems(source, wrongType, folders, SERVICE_PORTS).join('\n')).toMatch(/retries must be number/);
    const missing = clone(compose) as any;
    delete missing.services['ingest-jira'];
    expect(composeProblems(source, missing, folders, SERVICE_PORTS)).toContain(
      `${source}: no service 'ingest-jira' (services/ingest-jira exists)`,
    );
    const unhealthyWait = clone(compose) as any;
    delete unhealthyWait.services.postgres.healthcheck;
    expect(composeProblems(source, unhealthyWait, folders, SERVICE_PORTS)).toContain(
      `${source}: gateway waits for postgres to be healthy, but postgres has no health check`,
    );
  });

  it('has Prometheus scrape every HTTP service', () => {
    const prometheus = readYamlDocuments('deploy/prometheus/prometheus.yml')[0]!.value;
    expect(prometheusProblems('deploy/prometheus/prometheus.yml', prometheus, SERVICE_PORTS)).toEqual([]);
    const config = clone(prometheus) as any;
    config.scrape_configs[0].static_configs.pop();
    expect(prometheusProblems('prometheus.yml', config, SERVICE_PORTS)).toEqual(['prometheus.yml: projector:7409/metrics is not scraped']);
  });

  it('pins one NATS release for every deploy file, new enough for their configs (>= 2.10.23)', () => {
    const images = [
      ...readRepoFile('deploy/compose.yaml').matchAll(/image:\s*(nats:\S+)/g),
      ...readRepoFile('deploy/k8s/nats/nats.yaml').matchAll(/image:\s*(nats:\S+)/g),
    ].map((match) => match[1]);
    expect(images).toHaveLength(2);
    expect(new Set(images).size).toBe(1);
    const [major, minor, patch] = (/^nats:(\d+)\.(\d+)(?:\.(\d+))?/.exec(images[0] ?? '') ?? []).slice(1).map(Number);
    // sync_interval exists from 2.10; 2.10.20-2.10.22 lose streams after crashes.
    const release = (major ?? 0) * 1_000_000 + (minor ?? 0) * 1000 + (Number.isNaN(patch) ? 999 : (patch ?? 0));
    expect(release).toBeGreaterThanOrEqual(2_010_023);
    for (const path of ['deploy/nats/nats-server.conf', 'deploy/nats/cluster-node.conf', 'docs/operations.md'])
      expect(readRepoFile(path), path).toMatch(/2\.10\.23/);
  });

  it('has a cluster-node config for plain machines that fsyncs every write and routes to three servers', () => {
    const path = 'deploy/nats/cluster-node.conf';
    const conf = parseNatsConf(readRepoFile(path));
    expect(natsDurabilityProblems(path, conf)).toEqual([]);
    const cluster = conf.cluster as { routes?: unknown };
    expect(new Set(cluster.routes as string[]).size).toBe(3);
  });

  it('runs NATS with the single-server config, which fsyncs every write', () => {
    const path = 'deploy/nats/nats-server.conf';
    expect(natsDurabilityProblems(path, parseNatsConf(readRepoFile(path)))).toEqual([]);
    expect(natsDurabilityProblems(path, parseNatsConf('jetstream { store_dir: /data }'))).toEqual([
      `${path}: jetstream.sync_interval is undefined, not always`,
    ]);
  });
});

describe('deploy/k8s', () => {
  const tree = loadKubernetesTree();

  it('validates against the Kubernetes schemas and holds probes, autoscaling, non-root and one projector per partition', () => {
    expect(tree.documents.length).toBeGreaterThan(20);
    expect(kubernetesProblems(tree, folders, SERVICE_PORTS)).toEqual([]);
  });

  it('is caught by the Kubernetes schema when a manifest is broken', () => {
    const noSelector = withChanged(tree, 'Deployment', 'gateway', (manifest) => delete manifest.spec.selector);
    expect(kubernetesProblems(noSelector, folders, SERVICE_PORTS).join('\n')).toMatch(
      /gateway\.yaml#1 \(apps\/v1\/Deployment\): data\/spec must have required property selector/,
    );
    const textPort = withChanged(tree, 'Service', 'ingest-slack', (manifest) => (manifest.spec.ports[0].port = 'seven-four-oh-two'));
    expect(kubernetesProblems(textPort, folders, SERVICE_PORTS).join('\n')).toMatch(
      /ingest-slack\.yaml#2 \(v1\/Service\): data\/spec\/ports\/0\/port must be integer/,
    );
    const oldApi = withChanged(tree, 'HorizontalPodAutoscaler', 'gateway', (manifest) => (manifest.apiVersion = 'autoscaling/v2beta9'));
    expect(kubernetesProblems(oldApi, folders, SERVICE_PORTS).join('\n')).toMatch(
      /no schema for autoscaling\/v2beta9\/HorizontalPodAutoscaler/,
    );
  });

  it('is caught by the Pipe rules when probes, autoscaling or partitions drift', () => {
    const liveOnReady = withChanged(
      tree,
      'Deployment',
      'ingest-github',
      (manifest) => (manifest.spec.template.spec.containers[0].livenessProbe.httpGet.path = '/ready'),
    );
    expect(kubernetesProblems(liveOnReady, folders, SERVICE_PORTS)).toContain(
      'deploy/k8s/ingest-github.yaml#1 (ingest-github): livenessProbe must GET /health',
    );
    const root = withChanged(
      tree,
      'StatefulSet',
      'projector',
      (manifest) => delete manifest.spec.template.spec.securityContext.runAsNonRoot,
    );
    expect(kubernetesProblems(root, folders, SERVICE_PORTS)).toContain(
      'deploy/k8s/projector.yaml#1 (projector): the pod must set securityContext.runAsNonRoot',
    );
    const partitions = withChanged(tree, 'StatefulSet', 'projector', (manifest) => (manifest.spec.replicas = 3));
    expect(kubernetesProblems(partitions, folders, SERVICE_PORTS).join('\n')).toMatch(/replicas \(3\) must equal PIPE_PARTITIONS \(4\)/);
    const noAutoscaler = clone(tree);
    noAutoscaler.documents = noAutoscaler.documents.filter(
      (d) => !(isRecord(d.value) && d.value.kind === 'HorizontalPodAutoscaler' && d.source.includes('ingest-notion')),
    );
    expect(kubernetesProblems(noAutoscaler, folders, SERVICE_PORTS)).toContain(
      'deploy/k8s/ingest-notion.yaml#1 (ingest-notion): no HorizontalPodAutoscaler scales it',
    );
    const unlisted = clone(tree);
    (unlisted.kustomization as { resources: string[] }).resources = (unlisted.kustomization as { resources: string[] }).resources.filter(
      (file) => file !== 'projector.yaml',
    );
    expect(kubernetesProblems(unlisted, folders, SERVICE_PORTS)).toContain(
      'deploy/k8s/kustomization.yaml: projector.yaml is not listed in resources, so `kubectl apply -k` would skip it',
    );
  });
});

describe('the NATS cluster', () => {
  const path = 'deploy/k8s/nats/nats-server.conf';
  const text = readRepoFile(path);
  const statefulSet = readYamlDocuments('deploy/k8s/nats/nats.yaml')
    .map((d) => d.value)
    .find((v) => isRecord(v) && v.kind === 'StatefulSet') as IStatefulSet;

  it('has three routes, fsyncs every write and keeps its store on the persistent volume', () => {
    const conf = parseNatsConf(text);
    expect(natsClusterProblems(path, conf, statefulSet)).toEqual([]);
    expect(conf.jetstream).toMatchObject({ sync_interval: 'always' });
    expect((conf.cluster as { routes: string[] }).routes).toHaveLength(3);
  });

  it('is caught when a route is missing, fsync is lazy, or the store is ephemeral', () => {
    const twoRoutes = parseNatsConf(text.replace('    nats://nats-2.nats-headless:6222\n', ''));
    expect(natsClusterProblems(path, twoRoutes, statefulSet)).toEqual([
      `${path}: cluster.routes lists 2 distinct servers, not 3`,
      `${path}: no route to nats://nats-2.nats-headless:6222`,
    ]);
    const lazy = parseNatsConf(text.replace('sync_interval: always', 'sync_interval: 2m'));
    expect(natsClusterProblems(path, lazy, statefulSet)).toEqual([`${path}: jetstream.sync_interval is "2m", not always`]);
    const ephemeral = parseNatsConf(text.replace('store_dir: /data/jetstream', 'store_dir: /tmp/jetstream'));
    expect(natsClusterProblems(path, ephemeral, statefulSet)).toEqual([
      `${path}: jetstream.store_dir /tmp/jetstream is not on a volumeClaimTemplate, so a restarted pod loses its store`,
    ]);
    expect(() => parseNatsConf('cluster { routes: [ nats://a:6222 ')).toThrow(/unterminated array/);
  });

  // nats-server's own parser is the authority on the rest of the syntax. Debian's nats-server is
  // 2.9, which predates sync_interval (2.10) and rejects it as an unknown field: there, the line is
  // left out of what the server reads (the checks above hold it), and everything else is checked.
  const version = natsServerVersion();
  it.skipIf(version === null)(
    `parses with nats-server -t (${version === null ? 'none installed' : `v${version.major}.${version.minor}`})`,
    () => {
      const dir = mkdtempSync(join(tmpdir(), 'pipe-nats-conf-'));
      const knowsSyncInterval = version !== null && (version.major > 2 || version.minor >= 10);
      const test = (name: string, content: string): void => {
        writeFileSync(join(dir, name), knowsSyncInterval ? content : content.replace(/^\s*sync_interval: always\n/m, ''));
        execFileSync('nats-server', ['-t', '-c', join(dir, name)], {
          env: { ...process.env, POD_NAME: 'nats-0', NATS_SERVER_NAME: 'nats-1' },
          stdio: 'pipe',
        });
      };
      test('cluster.conf', text);
      test('single.conf', readRepoFile('deploy/nats/nats-server.conf'));
      test('cluster-node.conf', readRepoFile('deploy/nats/cluster-node.conf'));
      expect(() => test('broken.conf', text.replace('listen: 0.0.0.0:6222', 'listen: 0.0.0.0:6222:7'))).toThrow();
      rmSync(dir, { recursive: true });
    },
  );
});

/** The installed nats-server's version, or null when none is on the PATH. */
function natsServerVersion(): { major: number; minor: number } | null {
  try {
    const match = /v(\d+)\.(\d+)/.exec(execFileSync('nats-server', ['--version'], { encoding: 'utf8' }));
    return match ? { major: Number(match[1]), minor: Number(match[2]) } : null;
  } catch {
    return null;
  }
}
