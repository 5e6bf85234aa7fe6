import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import {
  CLAUDE_CODE_HOOK_EVENTS,
  CLAUDE_CODE_HOOK_TIMEOUT_SECONDS,
  type ClaudeCodeHookTarget,
  claudeCodeHookCommand,
  isPipeHookCommand,
} from '@pipe/platforms';

/** A settings.json that cannot be merged into: malformed JSON or an unexpected shape. Nothing was written. */
export class SettingsFileError extends Error {
  override readonly name = 'SettingsFileError';
  readonly code = 'SETTINGS_FILE_INVALID';
}

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

/** What an install or uninstall did to one settings file. */
export interface HooksChange {
  action: 'installed' | 'uninstalled';
  file: string;
  /** Hook events Pipe's entries were written to (install) or removed from (uninstall). */
  events: string[];
  /** Pipe hook entries removed (an earlier install's, replaced by an install). */
  removed: number;
  /** False when the file already said exactly this (installing twice writes nothing new). */
  changed: boolean;
}

/**
 * Reads a settings file: `{}` when it does not exist; a {@link SettingsFileError} naming the file
 * when it is not a JSON object or its `hooks` is not an object of arrays.
 */
export function readSettings(file: string): Json {
  if (!existsSync(file)) return {};
  const text = readFileSync(file, 'utf8');
  if (text.trim() === '') return {};
  let settings: unknown;
  try {
    settings = JSON.parse(text);
  } catch (error) {
    throw new SettingsFileError(
      `${file} is not valid JSON (${error instanceof Error ? error.message : String(error)}); fix it and run the command again — nothing was changed`,
    );
  }
  if (!isObject(settings)) throw new SettingsFileError(`${file} does not hold a JSON object; nothing was changed`);
  if (settings.hooks !== undefined) {
    if (!isObject(settings.hooks)) throw new SettingsFileError(`${file}: "hooks" is not an object; nothing was changed`);
    for (const [event, groups] of Object.entries(settings.hooks)) {
      if (!Array.isArray(groups)) throw new SettingsFileError(`${file}: "hooks.${event}" is not a list; nothing was changed`);
    }
  }
  return settings;
}

/** Removes Pipe's hook entries (and the groups and events they leave empty); the others stay as they were. */
export function withoutPipeHooks(settings: Json): { settings: Json; removed: number; events: string[] } {
  if (!isObject(settings.hooks)) return { settings, removed: 0, events: [] };
  let removed = 0;
  const events: string[] = [];
  const hooks: Json = {};
  for (const [event, groups] of Object.entries(settings.hooks)) {
    const kept: unknown[] = [];
    let removedHere = 0;
    for (const group of groups as unknown[]) {
      if (!isObject(group) || !Array.isArray(group.hooks)) {
        kept.push(group);
        continue;
      }
      const entries = group.hooks.filter((hook) => !(isObject(hook) && isPipeHookCommand(hook.command)));
      removedHere += group.hooks.length - entries.length;
      if (entries.length === group.hooks.length) kept.push(group);
      else if (entries.length > 0) kept.push({ ...group, hooks: entries });
    }
    removed += removedHere;
    if (removedHere > 0) events.push(event);
    if (kept.length > 0 || removedHere === 0) hooks[event] = kept;
  }
  const next: Json = { ...settings, hooks };
  if (Object.keys(hooks).length === 0 && removed > 0) delete next.hooks;
  return { settings: next, removed, events };
}

/** Adds Pipe's hooks after whatever each event already runs, replacing an earlier install's. */
export function withPipeHooks(settings: Json, target: ClaudeCodeHookTarget): { settings: Json; removed: number; events: string[] } {
  const { settings: base, removed } = withoutPipeHooks(settings);
  const hooks: Json = isObject(base.hooks) ? { ...base.hooks } : {};
  const command = claudeCodeHookCommand(target);
  for (const { event, matcher, async } of CLAUDE_CODE_HOOK_EVENTS) {
    const entry = { type: 'command', command, timeout: CLAUDE_CODE_HOOK_TIMEOUT_SECONDS, ...(async ? { async: true } : {}) };
    const group = { ...(matcher === undefined ? {} : { matcher }), hooks: [entry] };
    hooks[event] = [...((hooks[event] as unknown[] | undefined) ?? []), group];
  }
  return { settings: { ...base, hooks }, removed, events: CLAUDE_CODE_HOOK_EVENTS.map((e) => e.event) };
}

/** Writes the file whole (a temporary file renamed over it), keeping an existing file's mode. */
function writeSettings(file: string, settings: Json): void {
  mkdirSync(dirname(file), { recursive: true });
  const temporary = `${file}.pipe-${process.pid}.tmp`;
  // A new file may come to hold an API key: readable by its owner only.
  const mode = existsSync(file) ? statSync(file).mode & 0o777 : 0o600;
  writeFileSync(temporary, `${JSON.stringify(settings, null, 2)}\n`, { mode });
  renameSync(temporary, file);
}

/** Merges Pipe's hooks into a settings file; its other hooks and settings are left as they were. */
export function installClaudeCodeHooks(file: string, target: ClaudeCodeHookTarget): HooksChange {
  const current = readSettings(file);
  const { settings, removed, events } = withPipeHooks(current, target);
  const changed = JSON.stringify(settings) !== JSON.stringify(current) || !existsSync(file);
  if (changed) writeSettings(file, settings);
  return { action: 'installed', file, events, removed, changed };
}

/** Removes Pipe's hooks from a settings file, and nothing else. */
export function uninstallClaudeCodeHooks(file: string): HooksChange {
  const current = readSettings(file);
  const { settings, removed, events } = withoutPipeHooks(current);
  if (removed > 0) writeSettings(file, settings);
  return { action: 'uninstalled', file, events, removed, changed: removed > 0 };
}
