import { slackExample } from '@pipe/platforms/testing';
import { DELETED_MARKER, type HistoryDelivery, redelivery } from './delivery.js';

// The history's Slack deliveries: the Events API examples Slack documents (message,
// thread_broadcast, message_changed, message_deleted, reaction_added, channel_created) in the
// Acme workspace, with ids, text, people and times changed. Thread replies are `message` events
// with `thread_ts` and `parent_user_id` (the fields Slack's message reference documents for
// replies), and one reply is a `thread_broadcast`.

const WORKSPACE = 'T0ACME';
export const SLACK_ENG = 'C0ENG';
export const SLACK_INCIDENTS = 'C0INC';

let sequence = 0;
const eventId = () => `Ev0ACME${String(++sequence).padStart(5, '0')}`;
const iso = (ts: string) => new Date(Number(ts.split('.')[0]) * 1000).toISOString();

function envelope(payload: any, user: string, time: string): HistoryDelivery['payload'] {
  payload.team_id = WORKSPACE;
  payload.api_app_id = 'A0PIPE';
  payload.event_id = eventId();
  payload.event_time = Number(time.split('.')[0]);
  if (payload.authorizations) payload.authorizations = [{ team_id: WORKSPACE, user_id: user, is_bot: false, is_enterprise_install: false }];
  return payload;
}

function delivery(at: string, note: string, payload: { event_id: string } | unknown): HistoryDelivery {
  return { platform: 'slack', at, note, deliveryId: (payload as { event_id: string }).event_id, payload };
}

export interface SlackMessage {
  channel: string;
  ts: string;
  user: string;
  text: string;
  thread?: { ts: string; user: string; text?: string };
}

export function posted(message: SlackMessage, broadcast = false): HistoryDelivery {
  const payload = slackExample(broadcast ? 'thread_broadcast' : 'message');
  const event = payload.event;
  Object.assign(event, { channel: message.channel, user: message.user, text: message.text, ts: message.ts, event_ts: message.ts });
  if (broadcast) {
    event.blocks = [
      { type: 'rich_text', block_id: 'h1s', elements: [{ type: 'rich_text_section', elements: [{ type: 'text', text: message.text }] }] },
    ];
    event.client_msg_id = `c0acme-${message.ts}`;
    Object.assign(event.root, {
      text: message.thread?.text ?? '',
      user: message.thread?.user,
      ts: message.thread?.ts,
      thread_ts: message.thread?.ts,
      team: WORKSPACE,
      client_msg_id: `c0acme-${message.thread?.ts}`,
    });
    event.root.blocks = [];
    event.root.reply_users = [message.user];
    event.root.latest_reply = message.ts;
  }
  if (message.thread) Object.assign(event, { thread_ts: message.thread.ts, parent_user_id: message.thread.user });
  return delivery(
    iso(message.ts),
    `Slack ${message.thread ? 'reply' : 'message'} ${message.channel}/${message.ts}`,
    envelope(payload, message.user, message.ts),
  );
}

export function changed(message: SlackMessage, text: string, editTs: string): HistoryDelivery {
  const payload = slackExample('message_changed');
  Object.assign(payload.event, { channel: message.channel, ts: editTs });
  payload.event.message = { type: 'message', user: message.user, text, ts: message.ts, edited: { user: message.user, ts: editTs } };
  if (message.thread) Object.assign(payload.event.message, { thread_ts: message.thread.ts, parent_user_id: message.thread.user });
  return delivery(iso(editTs), `Slack edit of ${message.channel}/${message.ts}`, envelope(payload, message.user, editTs));
}

export function deleted(message: SlackMessage, deleteTs: string): HistoryDelivery {
  const payload = slackExample('message_deleted');
  Object.assign(payload.event, { channel: message.channel, ts: deleteTs, deleted_ts: message.ts });
  return delivery(iso(deleteTs), `Slack deletion of ${message.channel}/${message.ts}`, envelope(payload, message.user, deleteTs));
}

export function reaction(message: SlackMessage, user: string, name: string, ts: string): HistoryDelivery {
  const payload = slackExample('reaction_added');
  Object.assign(payload.event, { user, reaction: name, item_user: message.user, event_ts: ts });
  payload.event.item = { type: 'message', channel: message.channel, ts: message.ts, channel_type: 'channel' };
  return delivery(iso(ts), `Slack :${name}: on ${message.channel}/${message.ts}`, envelope(payload, user, ts));
}

export function channelCreated(id: string, name: string, creator: string, created: number): HistoryDelivery {
  const payload = slackExample('channel_created');
  payload.event.channel = { id, name, created, creator };
  return delivery(new Date(created * 1000).toISOString(), `Slack #${name} created`, envelope(payload, creator, String(created)));
}

/** The Slack side of the story. */
export function slackDeliveries(): HistoryDelivery[] {
  const s1 = {
    channel: SLACK_ENG,
    ts: '1794304800.000100',
    user: 'U0MAYA',
    text: 'Heads up: customers are being charged twice on retries. Tracking in PAY-101 and <https://github.com/acme/checkout/issues/1>',
  };
  const s2 = {
    channel: SLACK_ENG,
    ts: '1794305100.000200',
    user: 'U0TOM',
    text: '<@U0PRIYA> can you pair with me on this?',
    thread: { ts: s1.ts, user: s1.user },
  };
  const s3Text = 'Sure. Design notes: <https://www.notion.so/acme/Retry-policy-2b7104cd477e80a19c11000000000101>';
  const s3 = {
    channel: SLACK_ENG,
    ts: '1794305400.000300',
    user: 'U0PRIYA',
    text: s3Text,
    thread: { ts: s1.ts, user: s1.user, text: s1.text },
  };
  const s5 = {
    channel: SLACK_ENG,
    ts: '1794391200.000500',
    user: 'U0LARS',
    text: 'checkout_spec is flaky again since the retry change: <https://github.com/acme/checkout/issues/3>',
  };
  const s7 = {
    channel: SLACK_ENG,
    ts: '1794477600.000600',
    user: 'U0ANA',
    text: 'Standup: <@U0MAYA> <@U0TOM> PR <https://github.com/acme/checkout/pull/9> is merged, PAY-102 next.',
  };
  const first = posted(s1);

  const s21Text = 'Gateway webhooks are timing out since 09:10. PAY-110 is open; GitHub: <https://github.com/acme/checkout/issues/4>';
  const s21 = { channel: SLACK_INCIDENTS, ts: '1794820200.000100', user: 'U0LARS', text: s21Text };
  const s22 = {
    channel: SLACK_INCIDENTS,
    ts: '1794820500.000200',
    user: 'U0DEV',
    text: "<@U0LARS> I'll take it. Fix going into <https://github.com/acme/checkout/pull/10>",
    thread: { ts: s21.ts, user: s21.user },
  };
  const s23 = {
    channel: SLACK_INCIDENTS,
    ts: '1794820800.000300',
    user: 'U0MAYA',
    text: 'Runbook: <https://www.notion.so/acme/Webhook-runbook-2b7104cd477e80a19c11000000000201>; queue work in WEB-20.',
    thread: { ts: s21.ts, user: s21.user },
  };
  const s24 = {
    channel: SLACK_INCIDENTS,
    ts: '1794821100.000400',
    user: 'U0DEV',
    text: `gateway key for the replay script: GATEWAY_KEY=${DELETED_MARKER}`,
  };
  const s28 = {
    channel: SLACK_ENG,
    ts: '1795190400.000700',
    user: 'U0ANA',
    text: 'Retro notes: <https://www.notion.so/acme/Week-2-retro-2b7104cd477e80a19c11000000000202>',
  };
  const s29 = { channel: SLACK_ENG, ts: '1794907200.000800', user: 'U0TOM', text: '<@U0DEV> nice fix on PAY-110' };
  const reply22 = posted(s22);

  return [
    first,
    redelivery(first, '2026-11-10T10:00:30Z'),
    posted(s2),
    posted(s3, true),
    changed(s3, `${s3Text} and the banner in WEB-12`, '1794306000.000400'),
    reaction(s1, 'U0DEV', 'eyes', '1794305200.000900'),
    posted(s5),
    posted(s7),

    channelCreated(SLACK_INCIDENTS, 'incidents', 'U0LARS', 1794820000),
    posted(s21),
    reply22,
    redelivery(reply22, '2026-11-16T09:15:30Z'),
    posted(s23),
    posted(s24),
    deleted(s24, '1794821220.000500'),
    changed(s21, `${s21Text} Resolved 11:30.`, '1794828600.000600'),
    reaction(s22, 'U0LARS', 'pray', '1794820600.000901'),
    posted(s29),
    posted(s28),
  ];
}
