import { discordFixture } from '@pipe/platforms/testing';
import { DELETED_MARKER, type HistoryDelivery, redelivery } from './delivery.js';

// The history's Discord deliveries: the documented Gateway dispatches (MESSAGE_CREATE, a reply,
// MESSAGE_UPDATE, MESSAGE_DELETE) as the team's relay forwards them, in the community's #support
// channel, with ids, text, people and times changed.

const GUILD = '278325129692446720';
const SUPPORT = '290926798999357250';

const PEOPLE = {
  maya: { username: 'maya.acme', id: '1437000000000009002' },
  lars: { username: 'lars.acme', id: '1437000000000009003' },
  shopper: { username: 'kiwi_shop', id: '1437000000000009101' },
  merchant: { username: 'fernhill_goods', id: '1437000000000009102' },
} as const;
export type DiscordPerson = keyof typeof PEOPLE;

type Json = any;

let sequence = 100;
const author = (template: Json, who: DiscordPerson) => ({ ...template, ...PEOPLE[who], discriminator: '0', avatar: null });

export interface DiscordMessage {
  id: string;
  author: DiscordPerson;
  content: string;
  at: string;
  replyTo?: string;
  mentions?: DiscordPerson[];
}

function messageData(payload: Json, message: DiscordMessage): void {
  Object.assign(payload.d, {
    id: message.id,
    channel_id: SUPPORT,
    guild_id: GUILD,
    content: message.content,
    timestamp: message.at.replace('Z', '.000000+00:00'),
    author: author(payload.d.author, message.author),
    mentions: (message.mentions ?? []).map((who) => author(payload.d.author, who)),
    reactions: undefined,
  });
  payload.s = ++sequence;
}

export function created(message: DiscordMessage): HistoryDelivery {
  const payload = discordFixture(message.replyTo ? 'message-reply' : 'message-create');
  messageData(payload, message);
  if (message.replyTo) payload.d.message_reference = { type: 0, channel_id: SUPPORT, guild_id: GUILD, message_id: message.replyTo };
  return {
    platform: 'discord',
    at: message.at,
    note: `Discord message ${message.id}`,
    deliveryId: `MESSAGE_CREATE:${message.id}`,
    payload,
  };
}

export function updated(message: DiscordMessage, content: string, at: string): HistoryDelivery {
  const payload = discordFixture('message-update');
  messageData(payload, { ...message, content });
  payload.d.edited_timestamp = at.replace('Z', '.000000+00:00');
  if (message.replyTo) {
    payload.d.type = 19;
    payload.d.message_reference = { type: 0, channel_id: SUPPORT, guild_id: GUILD, message_id: message.replyTo };
  }
  return { platform: 'discord', at, note: `Discord edit of ${message.id}`, deliveryId: `MESSAGE_UPDATE:${message.id}`, payload };
}

export function deleted(message: DiscordMessage, at: string): HistoryDelivery {
  const payload = discordFixture('message-delete');
  payload.d = { id: message.id, channel_id: SUPPORT, guild_id: GUILD };
  payload.s = ++sequence;
  return { platform: 'discord', at, note: `Discord deletion of ${message.id}`, deliveryId: `MESSAGE_DELETE:${message.id}`, payload };
}

/** The Discord side of the story. */
export function discordDeliveries(): HistoryDelivery[] {
  const d1 = {
    id: '1437000000000000101',
    author: 'shopper',
    content: 'Was I charged twice for order 5512?',
    at: '2026-11-09T16:00:00Z',
  } as const;
  const d2Before = 'Yes, sorry: the refund is issued, tracked in PAY-101.';
  const d2 = { id: '1437000000000000102', author: 'maya', content: d2Before, at: '2026-11-09T16:20:00Z', replyTo: d1.id } as const;
  const d20 = {
    id: '1437000000000000201',
    author: 'merchant',
    content: 'Webhooks to my shop are timing out since this morning',
    at: '2026-11-16T09:40:00Z',
  } as const;
  const d21 = {
    id: '1437000000000000202',
    author: 'lars',
    content: 'Known issue, the fix is rolling out: https://github.com/acme/checkout/pull/10',
    at: '2026-11-16T13:10:00Z',
    replyTo: d20.id,
  } as const;
  const d22 = {
    id: '1437000000000000203',
    author: 'merchant',
    content: `my API key in case it helps: ${DELETED_MARKER}`,
    at: '2026-11-16T13:20:00Z',
  } as const;
  const d24 = {
    id: '1437000000000000204',
    author: 'merchant',
    content: `<@${PEOPLE.lars.id}> thanks, works now`,
    at: '2026-11-17T10:00:00Z',
    replyTo: d21.id,
    mentions: ['lars'] as DiscordPerson[],
  } as const;
  const first = created(d1);

  return [
    first,
    redelivery(first, '2026-11-09T16:00:20Z'),
    created(d2),
    updated(d2, `${d2Before} Details: https://github.com/acme/checkout/issues/1`, '2026-11-09T16:45:00Z'),

    created(d20),
    created(d21),
    created(d22),
    deleted(d22, '2026-11-16T13:22:00Z'),
    created(d24),
  ];
}
