import { assistant } from './assistant/index.js';
import { discord } from './discord/index.js';
import { github } from './github/index.js';
import { jira } from './jira/index.js';
import { linear } from './linear/index.js';
import { notion } from './notion/index.js';
import type { ModulePlatform, PlatformModule } from './platform-module.js';
import { slack } from './slack/index.js';

/** Every platform module, in the order Pipe lists them (ports ascending). Adding a platform adds it here. */
export const PLATFORMS: readonly PlatformModule[] = Object.freeze([github, slack, jira, linear, notion, discord, assistant]);

const BY_NAME = new Map<string, PlatformModule>(PLATFORMS.map((module) => [module.name, module]));

/** The module of `name`; throws naming the known platforms when there is none. */
export function platformModule(name: ModulePlatform | string): PlatformModule {
  const module = BY_NAME.get(name);
  if (!module) throw new Error(`unknown platform '${name}': expected one of ${PLATFORMS.map((known) => known.name).join(', ')}`);
  return module;
}

/** The module of `name`, or undefined when it has none (Pipe's own `pipe`, an unknown name). */
export const findPlatformModule = (name: string): PlatformModule | undefined => BY_NAME.get(name);

/** True when `name` is a platform with a module. */
export const isModulePlatform = (name: string): name is ModulePlatform => BY_NAME.has(name);
