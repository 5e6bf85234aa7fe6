// The public API of @pipe/platforms: a new export here is public API.
export type { ModulePlatform, PlatformModule, WebhookCredential } from './platform-module.js';
export { PLATFORMS, isModulePlatform, platformModule } from './registry.js';
