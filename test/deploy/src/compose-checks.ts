import { existsSync } from 'node:fs';
import { posix } from 'node:path';
import { composeSchemaProblems } from './compose-schema.js';
import { isRecord, repoPath } from './repo.js';

/** Where the compose file lives; its relative paths resolve from here. */
const COMPOSE_DIR = 'deploy';

const record = (value: unknown): Record<string, unknown> => (isRecord(value) ? value : {});

/**
 * What is wrong with deploy/compose.yaml: the Compose Specification's schema first, then Pipe's
 * rules — every service folder is built and run (HTTP services on their port with a health check,
 * the projector as a worker), every Pipe service waits for healthy NATS and Postgres, every
 * `service_healthy` dependency has a health check, and every bind-mounted file exists.
 */
export function composeProblems(
  source: string,
  compose: unknown,
  serviceFolders: readonly string[],
  ports: Readonly<Record<string, number>>,
): string[] {
  const problems = composeSchemaProblems(source, compose);
  const services = record(record(compose).services);

  for (const folder of serviceFolders) {
    const service = services[folder];
    if (!isRecord(service)) {
      problems.push(`${source}: no service '${folder}' (services/${folder} exists)`);
      continue;
    }
    const build = record(service.build);
    const buildArgs = record(build.args);
    if (buildArgs.SERVICE !== folder) problems.push(`${source}: ${folder} builds SERVICE=${String(buildArgs.SERVICE)}`);
    const dockerfile = posix.join(COMPOSE_DIR, String(build.context ?? '.'), String(build.dockerfile ?? 'Dockerfile'));
    if (!existsSync(repoPath(dockerfile))) problems.push(`${source}: ${folder} builds from ${dockerfile}, which does not exist`);
    const port = ports[folder];
    if (port === undefined) {
      if (build.target !== 'worker') problems.push(`${source}: ${folder} has no HTTP port and must build the 'worker' target`);
    } else {
      if (build.target !== 'http') problems.push(`${source}: ${folder} serves HTTP and must build the 'http' target (its HEALTHCHECK)`);
      if (buildArgs.PORT !== String(port)) problems.push(`${source}: ${folder} builds with PORT=${String(buildArgs.PORT)}, not ${port}`);
      if (record(service.environment).PORT !== String(port))
        problems.push(`${source}: ${folder} runs with PORT=${String(record(service.environment).PORT)}, not ${port}`);
    }
    const dependsOn = record(service.depends_on);
    for (const dependency of ['nats', 'postgres']) {
      if (record(dependsOn[dependency]).condition !== 'service_healthy')
        problems.push(`${source}: ${folder} does not wait for ${dependency} to be healthy`);
    }
  }

  for (const [name, service] of Object.entries(services)) {
    for (const [dependency, condition] of Object.entries(record(record(service).depends_on))) {
      if (record(condition).condition !== 'service_healthy') continue;
      const target = record(services[dependency]);
      const healthcheck = isRecord(target.healthcheck) || record(target.build).target === 'http';
      if (!healthcheck) problems.push(`${source}: ${name} waits for ${dependency} to be healthy, but ${dependency} has no health check`);
    }
    for (const volume of Array.isArray(record(service).volumes) ? (record(service).volumes as unknown[]) : []) {
      const hostPath = typeof volume === 'string' ? volume.split(':')[0]! : String(record(volume).source ?? '');
      if (hostPath.startsWith('.') && !existsSync(repoPath(COMPOSE_DIR, hostPath))) {
        problems.push(`${source}: ${name} mounts ${hostPath}, which does not exist`);
      }
    }
  }
  return problems;
}

/** What is wrong with Prometheus' scrape targets: every HTTP service must be scraped at name:port. */
export function prometheusProblems(source: string, config: unknown, ports: Readonly<Record<string, number>>): string[] {
  const targets = new Set<string>();
  for (const job of Array.isArray(record(config).scrape_configs) ? (record(config).scrape_configs as unknown[]) : []) {
    if (record(job).metrics_path !== undefined && record(job).metrics_path !== '/metrics') continue;
    for (const group of Array.isArray(record(job).static_configs) ? (record(job).static_configs as unknown[]) : []) {
      for (const target of Array.isArray(record(group).targets) ? (record(group).targets as unknown[]) : []) targets.add(String(target));
    }
  }
  return Object.entries(ports)
    .filter(([name, port]) => !targets.has(`${name}:${port}`))
    .map(([name, port]) => `${source}: ${name}:${port}/metrics is not scraped`);
}
