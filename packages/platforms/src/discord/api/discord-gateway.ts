import type { SessionInfo } from '@discordjs/ws';
import { loadOnFirstUse } from '../../kit/load-on-first-use.js';
import { GatewayCloseCodes, type GatewayDispatchPayload, GatewayDispatchEvents, GatewayIntentBits } from 'discord-api-types/v10';
import type { LiveConnection, LiveFeed, LiveFeedOptions } from '../../kit/live-feed.js';
import { ApiCredentialError } from '../../kit/platform-api.js';
import { createDiscordRest, discordError } from './discord-rest.js';

/** What Pipe asks the Gateway for: guild messages with their content (a privileged intent the bot must have enabled). */
export const DISCORD_GATEWAY_INTENTS = GatewayIntentBits.GuildMessages | GatewayIntentBits.MessageContent;

/** The dispatches Pipe stores: what the Discord normaliser turns into items (the rest — typing, presences… — is dropped unstored). */
const MESSAGE_EVENTS = new Set<string>([
  GatewayDispatchEvents.MessageCreate,
  GatewayDispatchEvents.MessageUpdate,
  GatewayDispatchEvents.MessageDelete,
]);

const INTENT_HINT = 'enable the Message Content intent (Developer Portal → your application → Bot → Privileged Gateway Intents)';

/**
 * The close codes after which Discord will not take the connection back (its docs: "do not
 * reconnect"), as what they mean for the connection; `@discordjs/ws` reconnects or resumes after
 * every other one by itself.
 */
function fatalClose(code: number): ApiCredentialError | null {
  switch (code) {
    case GatewayCloseCodes.AuthenticationFailed:
      return new ApiCredentialError('CREDENTIAL_REJECTED', 'the Discord Gateway refused the bot token (close code 4004)');
    case GatewayCloseCodes.DisallowedIntents:
      return new ApiCredentialError(
        'CREDENTIAL_INSUFFICIENT',
        `the Discord Gateway refused the Message Content intent (4014); ${INTENT_HINT}`,
      );
    case GatewayCloseCodes.InvalidIntents:
    case GatewayCloseCodes.InvalidAPIVersion:
    case GatewayCloseCodes.InvalidShard:
    case GatewayCloseCodes.ShardingRequired:
      return new ApiCredentialError('API_UNREACHABLE', `the Discord Gateway closed the connection for good (close code ${code})`);
    default:
      return null;
  }
}

/** `@discordjs/ws`, imported when a Gateway connection first opens. */
const discordWs = loadOnFirstUse(() => import('@discordjs/ws'));

/**
 * Pipe's own Discord Gateway connection for one bot token (`@discordjs/ws`: the `/gateway/bot`
 * URL from the connection's API, HELLO, IDENTIFY with {@link DISCORD_GATEWAY_INTENTS}, heartbeats,
 * RESUME after a drop, a new session when Discord asks). Every `MESSAGE_CREATE`, `MESSAGE_UPDATE`
 * and `MESSAGE_DELETE` dispatch is handed over unchanged — `{ op: 0, t, s, d }`, the body a relay
 * would have posted — so it is deduplicated, normalised and kept exactly like a relayed one.
 */
export const discordGateway: LiveFeed = {
  async open(options: LiveFeedOptions): Promise<LiveConnection> {
    const { WebSocketManager, WebSocketShardEvents } = await discordWs();
    const sessions = new Map<number, SessionInfo>();
    const manager = new WebSocketManager({
      token: options.credential.token,
      intents: DISCORD_GATEWAY_INTENTS,
      rest: await createDiscordRest(options.credential),
      // Per connection: the default session store is one per process, shared by every bot's shard 0.
      retrieveSessionInfo: (shard) => sessions.get(shard) ?? null,
      updateSessionInfo: (shard, info) => {
        if (info) sessions.set(shard, info);
        else sessions.delete(shard);
      },
    });
    const store = new InOrderStore(options);
    manager.on(WebSocketShardEvents.Dispatch, (payload: GatewayDispatchPayload) => {
      if (MESSAGE_EVENTS.has(payload.t)) store.push(payload);
    });
    // The close code says what an error means (fatalClose); without a listener an emitted error would throw.
    manager.on(WebSocketShardEvents.Error, (error: Error) =>
      options.log?.('the Discord Gateway connection failed', { error: error.message }),
    );
    manager.on(WebSocketShardEvents.SocketError, (error: Error) =>
      options.log?.('the Discord Gateway socket failed', { error: error.message }),
    );
    let closing = false;
    const ended = new Promise<never>((_, reject) => {
      manager.on(WebSocketShardEvents.Closed, (code: number) => {
        const error = fatalClose(code);
        if (error && !closing) reject(error);
      });
    });
    try {
      await Promise.race([manager.connect(), ended]);
    } catch (error) {
      closing = true;
      await Promise.resolve(manager.destroy({ reason: 'Pipe could not open the connection' })).catch(() => undefined);
      throw discordError(error, 'the Gateway (/gateway/bot)', INTENT_HINT);
    }
    ended.catch(async (error: Error) => {
      closing = true;
      await Promise.resolve(manager.destroy({ reason: error.message })).catch(() => undefined);
      await store.drain();
      options.onEnd(error);
    });
    return {
      async close() {
        closing = true;
        // A normal close (1000): Discord ends the session at once rather than waiting to resume it.
        await manager.destroy({ code: 1000, reason: 'Pipe is draining' });
        await store.drain();
      },
    };
  },
};

/**
 * Stores payloads one at a time in arrival order (a create before its edit before its delete),
 * retrying a failed store with jittered backoff while the feed is open: the Gateway does not send
 * a dispatch again once the session moved past it.
 */
class InOrderStore {
  #chain: Promise<void> = Promise.resolve();
  #closed = false;
  constructor(private readonly options: Pick<LiveFeedOptions, 'deliver' | 'log'>) {}

  push(payload: GatewayDispatchPayload): void {
    this.#chain = this.#chain.then(() => this.#store(payload));
  }

  /** Waits for the payloads in hand (a few more tries each, then they are logged as lost). */
  async drain(): Promise<void> {
    this.#closed = true;
    await this.#chain;
  }

  async #store(payload: GatewayDispatchPayload): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await this.options.deliver(payload);
        return;
      } catch (error) {
        const detail = { event: payload.t, attempt, error: error instanceof Error ? error.message : String(error) };
        if (this.#closed && attempt >= 3) {
          this.options.log?.('a Gateway dispatch could not be stored before the connection closed', detail);
          return;
        }
        this.options.log?.('storing a Gateway dispatch failed; retrying', detail);
        const backoff = Math.min(30_000, 250 * 2 ** Math.min(attempt, 7));
        await new Promise((resolve) => setTimeout(resolve, backoff / 2 + Math.random() * (backoff / 2)));
      }
    }
  }
}
