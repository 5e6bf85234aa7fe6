import type { z } from 'zod';

/** Invalid configuration; the message names every wrong variable and what it should be. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  readonly code = 'CONFIG_INVALID';
}

/**
 * Parses a service's configuration from the environment, once, at start, and freezes it. The only
 * place a service reads `process.env`.
 *
 * One convention for every service: a variable that is empty (or only blanks) counts as unset, so
 * `PORT=` in a compose file or a Kubernetes manifest means the default, never `0`.
 */
export function loadConfig<S extends z.ZodType>(service: string, schema: S, env: NodeJS.ProcessEnv = process.env): Readonly<z.infer<S>> {
  const parsed = schema.safeParse(withoutEmpty(env));
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `  ${issue.path.join('.') || '(environment)'} ${issue.message}`).join('\n');
    throw new ConfigError(`${service}: invalid configuration\n${problems}`);
  }
  return Object.freeze(parsed.data);
}

/** The variables that hold something: empty and blank ones are left out (unset). */
function withoutEmpty(env: NodeJS.ProcessEnv): Record<string, string> {
  const present: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) if (value !== undefined && value.trim() !== '') present[name] = value;
  return present;
}
