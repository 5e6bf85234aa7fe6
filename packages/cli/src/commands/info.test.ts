import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../cli.js';
import { captureOutput as capture } from '../testing/capture-output.js';

describe('pipe info', () => {
  let home: string;
  beforeEach(() => {
    home = mkdtempSync(join(tmpdir(), 'pipe-info-'));
  });
  afterEach(() => rmSync(home, { recursive: true, force: true }));

  it('prints the running stack’s banner again: console URL, demo key, next steps', async () => {
    writeFileSync(
      join(home, 'stack.json'),
      JSON.stringify({
        natsUrl: 'nats://127.0.0.1:4222',
        databaseUrl: 'postgres://postgres:pw@127.0.0.1:54329/pipe',
        pid: process.pid,
        services: ['gateway', 'ingest-github'],
      }),
    );
    writeFileSync(
      join(home, 'demo.json'),
      JSON.stringify({ team: 'demo', apiKey: 'pipe_demo_key', webhookSecrets: { github: 'f'.repeat(64) } }),
    );
    const { out, io } = capture();
    expect(await runCli(['info'], { PIPE_HOME: home }, io)).toBe(0);
    expect(out.stdout).toContain('Pipe is up.');
    expect(out.stdout).toContain('Console   http://127.0.0.1:7400/');
    expect(out.stdout).toContain('API key  pipe_demo_key');
    expect(out.stdout).toContain('Services  gateway :7400, ingest-github :7401');
    expect(out.stdout).toContain('Postgres  postgres://127.0.0.1:54329/pipe');
    expect(out.stdout).not.toContain(':pw@');
    expect(out.stdout).toContain('Next:');
  });

  it('says how to start a stack when none runs from PIPE_HOME (exit 1)', async () => {
    const { out, io } = capture();
    expect(await runCli(['info'], { PIPE_HOME: home }, io)).toBe(1);
    expect(out.stderr).toContain('no stack is running from');
    expect(out.stderr).toContain('`pipe up`');
  });
});
