/**
 * Example payloads from Slack's Events API reference (docs.slack.dev/reference/events/…), with the
 * event wrapper each page shows. The pages' JSON has a trailing comma inside `authorizations`;
 * that is the only change made here. Tests may change a field of a copy.
 */

const authorizations = (userId = 'U123ABC456') => [{ team_id: 'T123ABC456', user_id: userId, is_bot: false, is_enterprise_install: false }];

const EXAMPLES = {
  /** https://docs.slack.dev/reference/events/url_verification */
  url_verification: {
    token: 'Jhj5dZrVaK7ZwHHjRyZWjbDl',
    challenge: '3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P',
    type: 'url_verification',
  },
  /** https://docs.slack.dev/reference/events/message.channels */
  message: {
    token: 'one-long-verification-token',
    team_id: 'T123ABC456',
    api_app_id: 'A123ABC456',
    event: {
      type: 'message',
      channel: 'C123ABC456',
      user: 'U123ABC456',
      text: 'Live long and prospect.',
      ts: '1355517523.000005',
      event_ts: '1355517523.000005',
      channel_type: 'channel',
    },
    type: 'event_callback',
    authorizations: authorizations(),
    event_id: 'Ev123ABC456',
    event_time: 1355517523,
  },
  /** https://docs.slack.dev/reference/events/message/thread_broadcast (a thread reply, also shown in the channel) */
  thread_broadcast: {
    token: 'XXYYZZ',
    team_id: 'T123ABC456',
    api_app_id: 'A123ABC456',
    event: {
      type: 'message',
      subtype: 'thread_broadcast',
      text: 'broadcasting this reply',
      user: 'U123ABC456',
      ts: '1673464745.620769',
      thread_ts: '1673464730.703009',
      root: {
        client_msg_id: '123abc456-...',
        type: 'message',
        text: 'This is the original message',
        user: 'U123ABC456',
        ts: '1673464730.703009',
        blocks: [
          {
            type: 'rich_text',
            block_id: 'qTg',
            elements: [{ type: 'rich_text_section', elements: [{ type: 'text', text: 'This is the original message' }] }],
          },
        ],
        team: 'T123ABC456',
        thread_ts: '1673464730.703009',
        reply_count: 1,
        reply_users_count: 1,
        latest_reply: '1673464745.620769',
        reply_users: ['U123ABC456'],
        is_locked: false,
      },
      blocks: [
        {
          type: 'rich_text',
          block_id: 'BVp',
          elements: [{ type: 'rich_text_section', elements: [{ type: 'text', text: 'broadcasting this reply' }] }],
        },
      ],
      client_msg_id: '123abc456-...',
      channel: 'C123ABC456',
      event_ts: '1673464745.620769',
      channel_type: 'channel',
    },
    type: 'event_callback',
    authorizations: authorizations(),
    event_id: 'Ev123ABC456',
    event_time: 123456789,
  },
  /** https://docs.slack.dev/reference/events/message/message_changed */
  message_changed: {
    token: 'XXYYZZ',
    team_id: 'T123ABC456',
    api_app_id: 'A123ABC456',
    event: {
      type: 'message',
      subtype: 'message_changed',
      hidden: true,
      channel: 'C123ABC456',
      ts: '1358878755.000001',
      message: {
        type: 'message',
        user: 'U123ABC456',
        text: 'Hello, world!',
        ts: '1355517523.000005',
        edited: { user: 'U123ABC456', ts: '1358878755.000001' },
      },
    },
    type: 'event_callback',
    authorizations: authorizations(),
    event_id: 'Ev123ABC456',
    event_time: 123456789,
  },
  /** https://docs.slack.dev/reference/events/message/message_deleted */
  message_deleted: {
    token: 'XXYYZZ',
    team_id: 'T123ABC456',
    api_app_id: 'A123ABC456',
    event: {
      type: 'message',
      subtype: 'message_deleted',
      hidden: true,
      channel: 'C123ABC456',
      ts: '1358878755.000001',
      deleted_ts: '1358878749.000002',
    },
    type: 'event_callback',
    authorizations: authorizations(),
    event_id: 'Ev123ABC456',
    event_time: 123456789,
  },
  /** https://docs.slack.dev/reference/events/message/channel_join */
  channel_join: {
    token: 'XXYYZZ',
    team_id: 'T123ABC456',
    api_app_id: 'A123ABC456',
    event: {
      type: 'message',
      subtype: 'channel_join',
      ts: '1358877458.000011',
      user: 'U2147483828',
      text: '<@U2147483828|cal> has joined the channel',
      inviter: 'U123456789',
    },
    type: 'event_callback',
    authed_users: ['U123ABC456', 'U222222222'],
    event_id: 'Ev123ABC456',
    event_time: 123456789,
  },
  /** https://docs.slack.dev/reference/events/reaction_added */
  reaction_added: {
    token: 'XXYYZZ',
    team_id: 'T123ABC456',
    api_app_id: 'A123ABC456',
    event: {
      type: 'reaction_added',
      user: 'U123ABC456',
      reaction: 'thumbsup',
      item_user: 'U222222222',
      item: { type: 'message', channel: 'C123ABC456', ts: '1360782400.498405', channel_type: 'channel' },
      event_ts: '1360782804.083113',
    },
    type: 'event_callback',
    authorizations: authorizations(),
    event_id: 'Ev123ABC456',
    event_time: 123456789,
  },
  /** https://docs.slack.dev/reference/events/reaction_removed */
  reaction_removed: {
    token: 'XXYYZZ',
    team_id: 'T123ABC456',
    api_app_id: 'A123ABC456',
    event: {
      type: 'reaction_removed',
      user: 'U123ABC456',
      reaction: 'thumbsup',
      item_user: 'U222222222',
      item: { type: 'message', channel: 'C123ABC456', ts: '1360782400.498405', channel_type: 'channel' },
      event_ts: '1360782804.083113',
    },
    type: 'event_callback',
    authorizations: authorizations(),
    event_id: 'Ev123ABC456',
    event_time: 123456789,
  },
  /** https://docs.slack.dev/reference/events/channel_created */
  channel_created: {
    token: 'XXYYZZ',
    team_id: 'T123ABC456',
    api_app_id: 'A123ABC456',
    event: { type: 'channel_created', channel: { id: 'C024BE91L', name: 'fun', created: 1360782804, creator: 'U024BE7LH' } },
    type: 'event_callback',
    authorizations: authorizations(),
    event_id: 'Ev123ABC456',
    event_time: 123456789,
  },
  /** https://docs.slack.dev/reference/events/channel_rename */
  channel_rename: {
    token: 'XXYYZZ',
    team_id: 'T123ABC456',
    api_app_id: 'A123ABC456',
    event: { type: 'channel_rename', channel: { id: 'C02ELGNBH', name: 'new_name', created: 1360782804 } },
    type: 'event_callback',
    authorizations: authorizations(),
    event_id: 'Ev123ABC456',
    event_time: 123456789,
  },
  /** https://docs.slack.dev/reference/events/member_joined_channel */
  member_joined_channel: {
    token: 'XXYYZZ',
    team_id: 'T123ABC456',
    api_app_id: 'A123ABC456',
    event: {
      type: 'member_joined_channel',
      user: 'W123ABC456',
      channel: 'C123ABC456',
      channel_type: 'C',
      team: 'T123ABC456',
      inviter: 'U123456789',
      enterprise: 'E123456789',
    },
    type: 'event_callback',
    authorizations: authorizations('W123ABC456'),
    event_id: 'Ev123ABC456',
    event_time: 123456789,
  },
  /** https://docs.slack.dev/reference/events/app_mention (an event Pipe records as skipped) */
  app_mention: {
    token: 'XXYYZZ',
    team_id: 'T123ABC456',
    api_app_id: 'A123ABC456',
    event: {
      type: 'app_mention',
      user: 'U061F7AUR',
      text: '<@U0LAN0Z89> is it everything a river should be?',
      ts: '1515449522.000016',
      channel: 'C123ABC456',
      event_ts: '1515449522000016',
    },
    type: 'event_callback',
    authorizations: authorizations(),
    event_id: 'Ev123ABC456',
    event_time: 123456789,
  },
} as const;

/** An event Slack's reference documents with an example payload. */
export type SlackExampleName = keyof typeof EXAMPLES;

/** A fresh, mutable copy of a documented Slack example payload. */
export function slackExample(name: SlackExampleName): Record<string, any> {
  return structuredClone(EXAMPLES[name]) as Record<string, any>;
}

/** Every documented example, by name. */
export const slackExampleNames = Object.keys(EXAMPLES) as SlackExampleName[];

/**
 * The signing example of Slack's "Verifying requests from Slack" guide: this secret, timestamp
 * and body give this signature.
 */
export const SLACK_SIGNING_EXAMPLE = {
  signingSecret: '8f742231b10e8888abcd99yyyzzz85a5',
  timestamp: 1531420618,
  body: 'token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c',
  signature: 'v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503',
} as const;
