import type { ModulePlatform } from './platform-module.js';
import { PLATFORMS } from './registry.js';

/** The platforms whose webhook secret Pipe generates at `pipe team create` (the user pastes it into the platform). */
export const GENERATED_SECRET_PLATFORMS: readonly ModulePlatform[] = Object.freeze(
  PLATFORMS.filter((module) => module.webhookCredential.kind === 'generated').map((module) => module.name),
);

/** The platforms whose webhooks are verified with a stored secret, generated or platform-issued (not the assistant's API keys). */
export const STORED_SECRET_PLATFORMS: readonly ModulePlatform[] = Object.freeze(
  PLATFORMS.filter((module) => module.webhookCredential.kind !== 'api-key').map((module) => module.name),
);
