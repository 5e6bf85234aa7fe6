import type { AddressInfo } from 'node:net';
import {
  GatewayCloseCodes,
  GatewayDispatchEvents,
  type GatewayHelloData,
  type GatewayIdentifyData,
  GatewayIntentBits,
  GatewayOpcodes,
  type GatewayReadyDispatchData,
} from 'discord-api-types/v10';
import { type WebSocket, WebSocketServer } from 'ws';
import { FAKE_DISCORD_BOT, type FakeDiscordApi } from './fake-discord-api.js';

/**
 * A stand-in Discord Gateway (v10, JSON encoding) on a local port, speaking the documented
 * protocol: HELLO (op 10) on connect, IDENTIFY (op 2) checked against the stand-in API's tokens
 * (4004 Authentication failed otherwise, 4014 Disallowed intents when Message Content is asked for
 * but not enabled), READY (op 0) with a session id and `resume_gateway_url`, heartbeats (op 1)
 * answered with ACKs (op 11), RESUME (op 6) answered RESUMED, and DISPATCH (op 0) events sent on
 * demand with sequence numbers. `api.gatewayUrl` points at it, so a `WebSocketManager` given the
 * stand-in API's REST finds it through `GET /gateway/bot`.
 */
export interface FakeDiscordGateway {
  url: string;
  /** Sessions identified so far, in order (each a connection that sent IDENTIFY and got READY). */
  identified: GatewayIdentifyData[];
  /** Close codes of the connections that ended, in order (1000 from a client that closed normally). */
  closes: number[];
  /** Connections open and identified now. */
  readonly sessions: number;
  /** Sessions resumed (op 6 answered RESUMED). */
  resumed: number;
  /** Heartbeats (op 1) received, each answered with an ACK (op 11). */
  heartbeats: number;
  /** False: the application has not enabled the privileged Message Content intent (4014 on IDENTIFY asking for it). */
  messageContentEnabled: boolean;
  /** Tokens the Gateway refuses (4004) even while the HTTP API still takes them: a token reset between the two. */
  revokedTokens: Set<string>;
  /** Closes every open connection with `code`, as Discord does when it ends a session. */
  kick(code: number, reason?: string): void;
  /** Sends a dispatch to every identified connection; resolves with its sequence number. */
  dispatch(event: GatewayDispatchEvents | string, data: unknown): number;
  /** Resolves once `count` sessions in all have been identified. */
  waitForSessions(count: number, timeoutMs?: number): Promise<void>;
  /** Resolves once `count` connections in all have closed. */
  waitForCloses(count: number, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

/** Starts the stand-in and points `api.gatewayUrl` at it; `heartbeatIntervalMs` is what HELLO asks for (Discord's is about 41 s). */
export async function startFakeDiscordGateway(
  api: FakeDiscordApi,
  options: { heartbeatIntervalMs?: number } = {},
): Promise<FakeDiscordGateway> {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const live = new Set<WebSocket>();
  let sequence = 0;
  let sessionCount = 0;
  const gateway: FakeDiscordGateway = {
    url,
    identified: [],
    closes: [],
    heartbeats: 0,
    resumed: 0,
    get sessions() {
      return live.size;
    },
    messageContentEnabled: true,
    revokedTokens: new Set(),
    kick(code, reason = 'closed by the stand-in') {
      for (const socket of server.clients) socket.close(code, reason);
    },
    dispatch(event, data) {
      sequence += 1;
      const payload = JSON.stringify({ op: GatewayOpcodes.Dispatch, t: event, s: sequence, d: data });
      for (const socket of live) socket.send(payload);
      return sequence;
    },
    waitForSessions: (count, timeoutMs = 10_000) => until(() => gateway.identified.length >= count, timeoutMs, `${count} sessions`),
    waitForCloses: (count, timeoutMs = 10_000) => until(() => gateway.closes.length >= count, timeoutMs, `${count} closes`),
    async close() {
      for (const socket of server.clients) socket.terminate();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  api.gatewayUrl = url;

  server.on('connection', (socket) => {
    const send = (payload: unknown) => socket.send(JSON.stringify(payload));
    const hello: GatewayHelloData = { heartbeat_interval: options.heartbeatIntervalMs ?? 41_250 };
    send({ op: GatewayOpcodes.Hello, d: hello, s: null, t: null });
    socket.on('close', (code) => {
      live.delete(socket);
      gateway.closes.push(code);
    });
    socket.on('message', (raw) => {
      const message = JSON.parse(raw.toString()) as { op: number; d: unknown };
      switch (message.op) {
        case GatewayOpcodes.Heartbeat:
          gateway.heartbeats += 1;
          return send({ op: GatewayOpcodes.HeartbeatAck, d: null, s: null, t: null });
        case GatewayOpcodes.Identify: {
          const identify = message.d as GatewayIdentifyData;
          if (!api.tokens.has(identify.token) || gateway.revokedTokens.has(identify.token))
            return socket.close(GatewayCloseCodes.AuthenticationFailed, 'Authentication failed.');
          if (Number(identify.intents) & GatewayIntentBits.MessageContent && !gateway.messageContentEnabled)
            return socket.close(GatewayCloseCodes.DisallowedIntents, 'Disallowed intent(s).');
          sessionCount += 1;
          const ready: GatewayReadyDispatchData = {
            v: 10,
            user: FAKE_DISCORD_BOT,
            guilds: [...api.guilds.keys()].map((id) => ({ id, unavailable: true })),
            session_id: `session-${sessionCount}`,
            resume_gateway_url: url,
            shard: [0, 1],
            application: { id: FAKE_DISCORD_BOT.id, flags: 0 as GatewayReadyDispatchData['application']['flags'], flags_new: '0' },
          };
          sequence += 1;
          live.add(socket);
          gateway.identified.push(identify);
          return send({ op: GatewayOpcodes.Dispatch, t: GatewayDispatchEvents.Ready, s: sequence, d: ready });
        }
        case GatewayOpcodes.Resume:
          gateway.resumed += 1;
          live.add(socket);
          sequence += 1;
          return send({ op: GatewayOpcodes.Dispatch, t: GatewayDispatchEvents.Resumed, s: sequence, d: {} });
        default:
          return undefined;
      }
    });
  });
  return gateway;
}

async function until(ok: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!ok()) {
    if (Date.now() > deadline) throw new Error(`the stand-in Discord Gateway did not see ${what} within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
