import { Platform } from '@pipe/events';
import { describe, expect, it } from 'vitest';
import { PLATFORMS, platformModule } from './registry.js';

describe('platform registry', () => {
  it('has one module for every platform but pipe, each with its own ingest service and port', () => {
    expect(PLATFORMS.map((module) => module.name).sort()).toEqual(Platform.options.filter((name) => name !== 'pipe').sort());
    expect(new Set(PLATFORMS.map((module) => module.service.defaultPort)).size).toBe(PLATFORMS.length);
    for (const module of PLATFORMS) expect(module.service.name).toBe(`ingest-${module.name}`);
    for (const module of PLATFORMS) expect(module.ingest.platform).toBe(module.name);
  });

  it('gives each platform a title and words no other platform is asked by', () => {
    for (const module of PLATFORMS) expect(module.title.toLowerCase()).toBe(module.name);
    const words = PLATFORMS.flatMap((module) => [module.name, ...(module.askedAs ?? [])]);
    expect(new Set(words).size).toBe(words.length);
  });

  it('names the known platforms when asked for an unknown one', () => {
    expect(() => platformModule('gitlab')).toThrow(/unknown platform 'gitlab': expected one of github, slack/);
  });
});
