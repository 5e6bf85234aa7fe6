import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import type { Database } from '@pipe/db';
import type { FastifyBaseLogger } from 'fastify';
import type { Kysely } from 'kysely';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMcpServer } from '../mcp-server.js';

/** Every `type` that is an array, with where it is in the schema. */
function typeArrays(schema: unknown, path: string, found: string[] = []): string[] {
  if (Array.isArray(schema)) schema.forEach((entry, i) => typeArrays(entry, `${path}[${i}]`, found));
  else if (schema !== null && typeof schema === 'object') {
    for (const [key, value] of Object.entries(schema)) {
      if (key === 'type' && Array.isArray(value)) found.push(`${path}: ${JSON.stringify(value)}`);
      typeArrays(value, `${path}.${key}`, found);
    }
  }
  return found;
}

describe('the tools’ JSON schemas, as tools/list sends them', () => {
  let client: Client;
  let tools: Awaited<ReturnType<Client['listTools']>>['tools'];

  beforeAll(async () => {
    // Listing tools runs no query, so the database is never touched.
    const server = createMcpServer({
      db: {} as Kysely<Database>,
      team: 'acme',
      keyId: 'key',
      log: pino({ level: 'silent' }) as FastifyBaseLogger,
    });
    const [serverSide, clientSide] = InMemoryTransport.createLinkedPair();
    await server.connect(serverSide);
    client = new Client({ name: 'schema-test', version: '1.0.0' });
    await client.connect(clientSide);
    ({ tools } = await client.listTools());
  });

  afterAll(async () => {
    await client?.close();
  });

  it('never spell a type as an array (the Inspector’s type-union rule): null is an anyOf branch of its own', () => {
    expect(tools.length).toBeGreaterThan(0);
    for (const tool of tools) {
      expect(typeArrays(tool.outputSchema, `${tool.name}.outputSchema`)).toEqual([]);
      expect(typeArrays(tool.inputSchema, `${tool.name}.inputSchema`)).toEqual([]);
    }
    const getItem = tools.find((tool) => tool.name === 'get_item');
    const item = (getItem?.outputSchema?.properties?.item as { properties: Record<string, unknown> }).properties;
    expect(item.url).toMatchObject({ anyOf: [{ type: 'string' }, { type: 'null', const: null }] });
    expect((getItem?.outputSchema?.required as string[]).includes('cut')).toBe(true);
  });
});
