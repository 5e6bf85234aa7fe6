import { describe, expect, it } from 'vitest';
import { createServiceLog } from './service-log.js';
import { supervise } from './supervisor.js';

const node = (script: string) => ({ command: process.execPath, args: ['-e', script], env: process.env });

describe('supervise', () => {
  it('restarts a crashing service with backoff, saying so, then gives up showing its last error lines', async () => {
    let printed = '';
    const log = createServiceLog({ pretty: false, colors: false, write: (text) => (printed += text) });
    const backoffs: number[] = [];
    const service = supervise({
      name: 'ingest-demo',
      ...node(`console.log(JSON.stringify({ level: 50, msg: 'DATABASE_URL is not set' })); console.error('Error: boom'); process.exit(3)`),
      log,
      backoffMs: (attempt) => {
        backoffs.push(attempt);
        return 1;
      },
      maxCrashes: 3,
    });
    expect(await service.done).toBe('gave-up');
    expect(backoffs).toEqual([1, 2]);
    expect(service.restarts()).toBe(2);
    expect(printed).toContain('[ingest-demo]    exited with code 3; restarting it in 0.0 s (restart 1)');
    expect(printed).toContain('exited with code 3: it crashed 3 times within 120 s, so pipe up stops restarting it. Its last error lines:');
    expect(printed).toMatch(/ {2}\{"level":50,"msg":"DATABASE_URL is not set"\}\n.* {2}Error: boom\n/);
    expect(log.lastErrors('ingest-demo').filter((line) => line === 'Error: boom')).toHaveLength(3);
  });

  it('stops a running service when asked, without restarting it', async () => {
    let printed = '';
    const log = createServiceLog({ pretty: false, colors: false, write: (text) => (printed += text) });
    const service = supervise({ name: 'gateway', ...node(`console.log('started'); setInterval(() => {}, 1000)`), log });
    while (!printed.includes('started')) await new Promise((resolve) => setTimeout(resolve, 20));
    await service.stop();
    expect(await service.done).toBe('stopped');
    expect(service.restarts()).toBe(0);
    expect(printed).not.toContain('restarting');
  });
});

describe('createServiceLog', () => {
  const record = {
    level: 30,
    time: Date.UTC(2026, 11, 6, 16, 20, 1),
    pid: 4242,
    hostname: 'laptop',
    name: 'gateway',
    msg: 'listening',
    port: 7400,
  };

  it('prints a log record as one readable line with the service in front, on a terminal', () => {
    let printed = '';
    createServiceLog({ pretty: true, colors: false, write: (text) => (printed += text) }).line('gateway', JSON.stringify(record), 'stdout');
    expect(printed.split('\n')).toHaveLength(2);
    expect(printed).toMatch(/^gateway {10}\[\d\d:\d\d:\d\d\] INFO: listening \{"port":7400\}\n$/);
    expect(printed).not.toContain('4242');
  });

  it('passes the JSON lines through, prefixed, when not on a terminal', () => {
    let printed = '';
    createServiceLog({ pretty: false, colors: false, write: (text) => (printed += text) }).line(
      'gateway',
      JSON.stringify(record),
      'stdout',
    );
    expect(printed).toBe(`[gateway]        ${JSON.stringify(record)}\n`);
  });
});
