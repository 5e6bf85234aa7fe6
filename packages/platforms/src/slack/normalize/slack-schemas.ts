import { z } from 'zod';
import { isSlackTs } from './slack-time.js';

// Only the fields the normaliser reads are declared; objects are loose because Slack adds
// fields freely and an unknown field must never turn a delivery into a 400.

/** A Slack `ts`: `"1355517523.000005"`. */
export const SlackTs = z.string().refine(isSlackTs, { message: 'expected a Slack ts such as 1355517523.000005' });

/** A message as events carry it (top level, or inside `message_changed`). */
export const SlackMessage = z.looseObject({
  subtype: z.string().optional(),
  user: z.string().min(1).optional(),
  bot_id: z.string().min(1).optional(),
  username: z.string().optional(),
  text: z.string().nullish(),
  ts: SlackTs,
  thread_ts: SlackTs.optional(),
  edited: z.looseObject({ user: z.string().optional(), ts: SlackTs }).optional(),
  user_profile: z
    .looseObject({ name: z.string().optional(), display_name: z.string().optional(), real_name: z.string().optional() })
    .optional(),
});
export type SlackMessage = z.infer<typeof SlackMessage>;
