import { installTestTracing } from '@pipe/telemetry/testing';
import { describe, expect, it } from 'vitest';
import { createLogger } from './logger.js';
import { withSpan } from './trace-context.js';

installTestTracing();

function capture() {
  const lines: Record<string, unknown>[] = [];
  return { lines, destination: { write: (line: string) => void lines.push(JSON.parse(line)) } };
}

describe('createLogger', () => {
  it('puts the active trace id on every line, and none outside a trace', async () => {
    const { lines, destination } = capture();
    const logger = createLogger({ name: 'test', level: 'info', destination });
    const ids = await withSpan('work', {}, async (span) => {
      logger.info('inside');
      return span.spanContext();
    });
    logger.info('outside');
    expect(lines[0]).toMatchObject({ name: 'test', msg: 'inside', trace_id: ids.traceId, span_id: ids.spanId });
    expect(lines[1]).not.toHaveProperty('trace_id');
  });
});
