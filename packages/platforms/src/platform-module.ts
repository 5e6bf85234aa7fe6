import type { Platform } from '@pipe/events';

/** The platforms that have a module: every {@link Platform} but `pipe` (Pipe's own events). */
export type ModulePlatform = Exclude<Platform, 'pipe'>;

/**
 * How a team's webhook credential comes to exist:
 * - `generated`: Pipe generates a shared secret at `pipe team create`; the user pastes it into the platform;
 * - `platform-issued`: the platform issues it and the user stores it with `pipe team set-secret`
 *   (`hint` says where to find it);
 * - `api-key`: no webhook secret; requests carry one of the team's Pipe API keys.
 */
export type WebhookCredential =
  | { kind: 'generated' }
  | { kind: 'platform-issued'; hint: string }
  | { kind: 'api-key' };

/**
 * Everything Pipe knows of one platform. A platform's folder (`src/<platform>/`) exports one of
 * these; the registry (`registry.ts`) lists them, and every other part of Pipe reads platform
 * facts from there instead of naming the platform itself.
 */
export interface PlatformModule {
  /** The platform; also its webhook URL segment (`/webhooks/<name>/:team`) and its secret's key. */
  name: ModulePlatform;
  /** The ingest service that receives its webhooks, and that service's default port. */
  service: { name: `ingest-${ModulePlatform}`; defaultPort: number };
  /** How the team's webhook credential is issued. */
  webhookCredential: WebhookCredential;
  /** Request headers carrying signatures or credentials: logs never show their values (lowercase names). */
  redactHeaders: readonly string[];
}
