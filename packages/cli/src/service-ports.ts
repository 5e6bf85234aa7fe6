import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Every service `pipe up` runs, with its default port (0: no HTTP port). */
export const SERVICES = [
  { name: 'gateway', port: 7400, http: true },
  { name: 'ingest-github', port: 7401, http: true },
  { name: 'ingest-slack', port: 7402, http: true },
  { name: 'ingest-jira', port: 7403, http: true },
  { name: 'ingest-linear', port: 7404, http: true },
  { name: 'ingest-notion', port: 7405, http: true },
  { name: 'ingest-discord', port: 7406, http: true },
  { name: 'ingest-assistant', port: 7407, http: true },
  // The projector's HTTP port only serves probes and metrics (/health, /ready, /metrics).
  { name: 'projector', port: 7409, http: true },
] as const;

export type ServiceName = (typeof SERVICES)[number]['name'];
type Service = (typeof SERVICES)[number];

/** The platform each ingest service receives, and its port. */
const INGEST_PORTS = Object.fromEntries(
  SERVICES.filter((service) => service.name.startsWith('ingest-')).map((service) => [service.name.slice('ingest-'.length), service.port]),
) as Record<string, number>;

/** The URLs a team's platforms and MCP clients use: one webhook URL per platform. */
export function publicUrls(team: string, publicBase?: string): { mcpUrl: string; webhooks: Record<string, string> } {
  const base = (port: number) => publicBase?.replace(/\/$/, '') ?? `http://127.0.0.1:${port}`;
  const webhooks: Record<string, string> = {};
  for (const [platform, port] of Object.entries(INGEST_PORTS)) webhooks[platform] = `${base(port)}/webhooks/${platform}/${team}`;
  return { mcpUrl: `${base(7400)}/mcp`, webhooks };
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
