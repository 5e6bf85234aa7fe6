import { createLogger } from '@pipe/telemetry';
import { describe, expect, it } from 'vitest';
import { REDACTED_HEADER_PATHS } from './redaction.js';

function capture() {
  const lines: Record<string, unknown>[] = [];
  return { lines, destination: { write: (line: string) => void lines.push(JSON.parse(line)) } };
}

describe('a service logger with the platforms’ header paths', () => {
  it('censors credentials, signatures, tokens and secrets', () => {
    const { lines, destination } = capture();
    const logger = createLogger({
      name: 'test',
      level: 'info',
      destination,
      redact: [...REDACTED_HEADER_PATHS, 'req.headers["x-custom-signature"]'],
    });
    logger.info({
      req: { headers: { authorization: 'Bearer pipe_abc', 'x-hub-signature-256': 'sha256=beef', 'x-custom-signature': 'v1', host: 'h' } },
      team: { secret: 'whsec', token: 'xoxb-1', name: 'acme' },
      apiKey: 'pipe_def',
    });
    const text = JSON.stringify(lines[0]);
    for (const leaked of ['pipe_abc', 'sha256=beef', '"v1"', 'whsec', 'xoxb-1', 'pipe_def']) expect(text).not.toContain(leaked);
    expect(lines[0]).toMatchObject({
      req: { headers: { host: 'h', authorization: '[redacted]' } },
      team: { name: 'acme', secret: '[redacted]' },
    });
  });

  it('censors every platform module’s signature headers', () => {
    const { lines, destination } = capture();
    const logger = createLogger({ name: 'test', level: 'info', destination, redact: REDACTED_HEADER_PATHS });
    const headers = Object.fromEntries(REDACTED_HEADER_PATHS.map((path, i) => [/"(.+)"/.exec(path)?.[1] as string, `leak-${i}`]));
    logger.info({ req: { headers } });
    for (const value of Object.values(headers)) expect(JSON.stringify(lines[0])).not.toContain(value);
  });
});
