import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { isInitializeRequest } from '@modelcontextprotocol/sdk/types.js';
import type { Database } from '@pipe/db';
import { type Kysely, sql } from 'kysely';
import { z } from 'zod';

/**
 * The floor of every gateway figure: a minimal MCP server on the same transport (Streamable HTTP,
 * stateful sessions, SSE answers) whose one tool returns a constant. What the gateway costs above
 * it is its own work: auth, Postgres, shaping results. Given a database, it also has
 * `one_index_query`: the cheapest search there is — one statement, one index (the GIN full-text
 * index for the words, every word required, the ten most recent, no ranking) — the floor of a
 * search round trip through MCP and Postgres. Like search, it must read every match's row to
 * order them by recency: for a middling word, 2,000 rows, most of them outside Postgres' buffers.
 */
export async function startFloorServer(db?: Kysely<Database>, team = 'bench'): Promise<{ url: string; close(): Promise<void> }> {
  const sessions = new Map<string, StreamableHTTPServerTransport>();
  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = chunks.length ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : undefined;
    const id = req.headers['mcp-session-id'];
    const existing = typeof id === 'string' ? sessions.get(id) : undefined;
    if (existing) return existing.handleRequest(req, res, body);
    if (!isInitializeRequest(body)) {
      res.writeHead(400).end();
      return;
    }
    const mcp = new McpServer({ name: 'floor', version: '1.0.0' });
    mcp.registerTool('constant', { description: 'returns a constant' }, async () => ({ content: [{ type: 'text', text: 'constant' }] }));
    if (db) {
      mcp.registerTool(
        'one_index_query',
        { description: 'items holding every word, one statement', inputSchema: { query: z.string() } },
        async ({ query }) => {
          const found = await sql<{ id: string; title: string }>`
            select id, title from items where team = ${team} and search @@ plainto_tsquery('english', ${query})
            order by updated_at desc limit 10`.execute(db);
          return { content: [{ type: 'text', text: found.rows.map((row) => `${row.id} ${row.title}`).join('\n') }] };
        },
      );
    }
    const transport: StreamableHTTPServerTransport = new StreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      onsessioninitialized: (sid) => void sessions.set(sid, transport),
    });
    await mcp.connect(transport);
    await transport.handleRequest(req, res, body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/mcp`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
