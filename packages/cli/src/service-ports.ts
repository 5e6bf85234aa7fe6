import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { PLATFORMS, type PlatformModule } from '@pipe/platforms';

/** A service `pipe up` runs: its name and default port (0: no HTTP port). */
export interface Service {
  name: ServiceName;
  port: number;
  http: boolean;
}

/** The services `pipe up` can run: the gateway, one ingest service per platform module, the projector, the notifier, sync. */
export type ServiceName = 'gateway' | 'projector' | 'notifier' | 'sync' | PlatformModule['service']['name'];

const GATEWAY_PORT = 7400;

/** Every service `pipe up` runs, with its default port: the ingest services' are their platform modules'. */
export const SERVICES: readonly Service[] = Object.freeze([
  { name: 'gateway', port: GATEWAY_PORT, http: true },
  ...PLATFORMS.map((module): Service => ({ name: module.service.name, port: module.service.defaultPort, http: true })),
  // The projector's HTTP port only serves probes and metrics (/health, /ready, /metrics).
  { name: 'projector', port: 7409, http: true },
  // The notifier's port, like the projector's, serves only probes and metrics.
  { name: 'notifier', port: 7410, http: true },
  // Backfill and reconciliation of connected platforms; its port serves only probes and metrics too.
  { name: 'sync', port: 7408, http: true },
]);

/** The URLs a team's platforms and MCP clients use: one webhook URL per platform. */
export function publicUrls(team: string, publicBase?: string): { mcpUrl: string; webhooks: Record<string, string> } {
  const base = (port: number) => publicBase?.replace(/\/$/, '') ?? `http://127.0.0.1:${port}`;
  const webhooks: Record<string, string> = {};
  for (const { name, service } of PLATFORMS) webhooks[name] = `${base(service.defaultPort)}/webhooks/${name}/${team}`;
  return { mcpUrl: `${base(GATEWAY_PORT)}/mcp`, webhooks };
}

/** The built entry point of a service in this repository. */
export function serviceEntry(name: ServiceName): string {
  return fileURLToPath(new URL(`../../../services/${name}/dist/main.js`, import.meta.url));
}

/**
 * The services `pipe up` can start, and the ones it skips with why: a service whose
 * `src/main.ts` does not exist yet is still being built, and one without `dist/main.js` has not
 * been compiled (`npx tsc -b`).
 */
export function runnableServices(): { runnable: Service[]; skipped: { name: ServiceName; reason: string }[] } {
  const runnable: Service[] = [];
  const skipped: { name: ServiceName; reason: string }[] = [];
  for (const service of SERVICES) {
    const entry = serviceEntry(service.name);
    const source = fileURLToPath(new URL(`../../../services/${service.name}/src/main.ts`, import.meta.url));
    if (existsSync(entry)) runnable.push(service);
    else if (!existsSync(source)) skipped.push({ name: service.name, reason: 'not built yet in this version (no src/main.ts)' });
    else skipped.push({ name: service.name, reason: `not compiled: run \`npx tsc -b\` (no ${entry})` });
  }
  return { runnable, skipped };
}
