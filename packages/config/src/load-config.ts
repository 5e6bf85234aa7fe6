import type { z } from 'zod';

/** Invalid configuration; the message names every wrong variable and what it should be. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  readonly code = 'CONFIG_INVALID';
}

/**
 * Parses a service's configuration from the environment, once, at start, and freezes it. The only
 * place a service reads `process.env`.
 */
export function loadConfig<S extends z.ZodType>(service: string, schema: S, env: NodeJS.ProcessEnv = process.env): Readonly<z.infer<S>> {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `  ${issue.path.join('.') || '(environment)'} ${issue.message}`).join('\n');
    throw new ConfigError(`${service}: invalid configuration\n${problems}`);
  }
  return Object.freeze(parsed.data);
}
