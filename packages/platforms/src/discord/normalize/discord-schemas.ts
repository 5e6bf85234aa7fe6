import { z } from 'zod';
import { IngestError } from '../../kit/index.js';

// Only the fields the normaliser reads are declared; objects are loose because Discord adds
// fields freely and an unknown field must never turn a delivery into a 400.

/** A Discord id: a 64-bit integer sent as a decimal string. */
export const Snowflake = z.string().regex(/^\d{1,20}$/, 'expected a Discord snowflake (decimal digits)');

/** An ISO 8601 timestamp as Discord writes it (`2017-07-11T17:27:07.299000+00:00`). */
export const DiscordTimestamp = z.string().refine((value) => !Number.isNaN(Date.parse(value)), {
  message: 'expected an ISO 8601 date-time',
});

/** A Discord user (the author of a message). */
export const DiscordUser = z.looseObject({
  id: Snowflake,
  username: z.string(),
  global_name: z.string().nullish(),
  bot: z.boolean().optional(),
});
export type DiscordUser = z.infer<typeof DiscordUser>;

/** A message reference: a reply's target (type 0), a forward (type 1), a crosspost's source. */
export const DiscordMessageReference = z.looseObject({
  type: z.number().int().optional(),
  message_id: Snowflake.optional(),
  channel_id: Snowflake.optional(),
  guild_id: Snowflake.optional(),
});

/**
 * A message as the Gateway's `MESSAGE_CREATE` / `MESSAGE_UPDATE` carry it: the message object
 * plus `guild_id` (absent in direct messages).
 */
export const DiscordMessage = z.looseObject({
  id: Snowflake,
  channel_id: Snowflake,
  guild_id: Snowflake.optional(),
  author: DiscordUser,
  content: z.string(),
  timestamp: DiscordTimestamp,
  edited_timestamp: DiscordTimestamp.nullable(),
  type: z.number().int(),
  webhook_id: Snowflake.optional(),
  message_reference: DiscordMessageReference.optional(),
});
export type DiscordMessage = z.infer<typeof DiscordMessage>;

/** `MESSAGE_DELETE`: only ids. */
export const DiscordMessageDelete = z.looseObject({
  id: Snowflake,
  channel_id: Snowflake,
  guild_id: Snowflake.optional(),
});
export type DiscordMessageDelete = z.infer<typeof DiscordMessageDelete>;

/** A Gateway dispatch (opcode 0) as the relay forwards it: `{ op, t, s, d }`. */
export const GatewayDispatch = z.looseObject({
  op: z.literal(0),
  t: z.string().min(1),
  s: z.number().int().nullish(),
  d: z.unknown(),
});
export type GatewayDispatch = z.infer<typeof GatewayDispatch>;

/** The outer payload of Discord's HTTP webhook events (`type` 0 PING, 1 event). */
export const WebhookEventPayload = z.looseObject({
  version: z.number().int(),
  application_id: Snowflake,
  type: z.union([z.literal(0), z.literal(1)]),
  event: z
    .looseObject({
      type: z.string().min(1),
      timestamp: z.string(),
      data: z.unknown().optional(),
    })
    .optional(),
});
export type WebhookEventPayload = z.infer<typeof WebhookEventPayload>;

/** An interaction (`type` 1 PING, 2 application command, 3 component…). */
export const InteractionPayload = z.looseObject({
  id: Snowflake,
  application_id: Snowflake,
  type: z.number().int(),
  token: z.string(),
});
export type InteractionPayload = z.infer<typeof InteractionPayload>;

/** Parses the part of a payload a normaliser needs, or throws 400 `INVALID_PAYLOAD` naming the missing field. */
export function parseDiscordPayload<S extends z.ZodType>(schema: S, value: unknown, what: string): z.infer<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const field = issue?.path.length ? issue.path.join('.') : '(root)';
  throw new IngestError('INVALID_PAYLOAD', `${what}: field '${field}' ${issue?.message ?? 'is invalid'}`, { cause: parsed.error });
}
