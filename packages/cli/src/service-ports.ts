import { fileURLToPath } from 'node:url';

/** Every service `pipe up` runs, with its default port. */
export const SERVICES = [
  { name: 'gateway', port: 7400, http: true },
  { name: 'ingest-github', port: 7401, http: true },
  { name: 'projector', port: 0, http: false },
] as const;

export type ServiceName = (typeof SERVICES)[number]['name'];

/** The URLs a team's platforms and MCP clients use. */
export function publicUrls(team: string, publicBase?: string): { mcpUrl: string; webhooks: Record<string, string> } {
  const base = (port: number) => publicBase?.replace(/\/$/, '') ?? `http://127.0.0.1:${port}`;
  return {
    mcpUrl: `${base(7400)}/mcp`,
    webhooks: { github: `${base(7401)}/webhooks/github/${team}` },
  };
}

/** The built entry point of a service in this repository. */
export function serviceEntry(name: ServiceName): string {
  return fileURLToPath(new URL(`../../../services/${name}/dist/main.js`, import.meta.url));
}
